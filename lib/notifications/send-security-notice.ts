// Tells the account's confirmed address about a change to its security, in the caller's transaction. Always on:
// someone who took over an account could otherwise turn the notice off first.
import "server-only";
import type { SecurityEvent } from "@/lib/mail/security-notice";
import { enqueueMail, type MailWriter } from "@/lib/outbox/enqueue-mail";
import { confirmedAddress } from "./notify-user";

export async function sendSecurityNotice(tx: MailWriter, opts: { userId: string; event: SecurityEvent; device?: string | null }) {
  const to = await confirmedAddress(tx, opts.userId);
  if (!to) return;
  await enqueueMail(tx, {
    kind: "security_notice",
    to: to.email,
    userId: opts.userId,
    facts: { username: to.username, event: opts.event, at: new Date().toISOString(), device: opts.device ?? null },
  });
}
