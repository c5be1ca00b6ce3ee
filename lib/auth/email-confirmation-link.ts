// The confirmation mail for an address entered for an account (at registration or in Settings), in the caller's
// transaction: a link that works once, for 24 hours (in the fragment, like every account link: docs/decisions/053).
import "server-only";
import { env } from "@/lib/env";
import { issueAccountToken } from "@/lib/account-tokens/account-token";
import { enqueueMail, type MailWriter } from "@/lib/outbox/enqueue-mail";

export const confirmEmailUrl = (token: string) => `${env().APP_URL}/confirm-email#${token}`;

export const CONFIRMATION_LINK_INVALID =
  "This confirmation link does not work any more: it was used, it expired, or a newer one replaced it. Enter the address again in Settings.";

export async function sendEmailConfirmation(tx: MailWriter, opts: { userId: string; username: string; email: string }): Promise<void> {
  const { token } = await issueAccountToken(tx, { userId: opts.userId, purpose: "email_confirmation", email: opts.email, replace: true });
  await enqueueMail(tx, {
    kind: "email_confirmation",
    to: opts.email,
    userId: opts.userId,
    facts: { username: opts.username, url: confirmEmailUrl(token) },
  });
}
