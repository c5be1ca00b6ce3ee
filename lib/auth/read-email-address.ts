// The account's email address as Settings shows it: the address in use, whether it is confirmed, and a new one
// waiting for its link to be opened.
import "server-only";
import { db } from "@/lib/db";
import { mailEnabled } from "@/lib/outbox/enqueue-mail";

export type EmailAddressState = {
  email: string | null;
  confirmed: boolean;
  pending: { email: string; expiresAt: string } | null;
  mailOn: boolean;
};

export async function readEmailAddress(userId: string): Promise<EmailAddressState> {
  const [user, pending] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerified: true } }),
    db.accountToken.findFirst({
      where: { userId, purpose: "email_confirmation", usedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
      select: { email: true, expiresAt: true },
    }),
  ]);
  return {
    email: user.email,
    confirmed: user.emailVerified !== null,
    pending: pending?.email ? { email: pending.email, expiresAt: pending.expiresAt.toISOString() } : null,
    mailOn: mailEnabled(),
  };
}
