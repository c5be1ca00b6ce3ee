// A user sets, changes or removes their email address in Settings (their password first: an address is how an
// account is recovered). With mail on, a new address is only a candidate until its link is opened: the current one
// stays in use meanwhile (lib/auth/confirm-email-address.ts). Removing it tells the old address. With mail off, the address is
// only a name to sign in with, set at once and never mailed.
import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { AppError, fieldError } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { consume, tooManyAttempts } from "@/lib/rate-limit";
import { verifyPassword } from "./password";
import { endAccountTokens } from "@/lib/account-tokens/account-token";
import { enqueueMail, mailEnabled } from "@/lib/outbox/enqueue-mail";
import { sendEmailConfirmation } from "./email-confirmation-link";

export type EmailChange = "confirmation_sent" | "removed" | "set" | "unchanged";

export async function changeEmailAddress(opts: { userId: string; email: string | null; currentPassword: string; address: string }) {
  const limit = await consume("passwordChange", opts.userId);
  if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);
  const user = await db.user.findUniqueOrThrow({
    where: { id: opts.userId },
    select: { username: true, passwordHash: true, email: true, emailVerified: true },
  });
  if (!user.passwordHash || !(await verifyPassword(opts.currentPassword, user.passwordHash))) {
    throw fieldError("currentPassword", "Your current password is not correct.");
  }

  if (opts.email === null) {
    if (!user.email) return "unchanged" satisfies EmailChange;
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: opts.userId }, data: { email: null, emailVerified: null } });
      await endAccountTokens(tx, { userId: opts.userId, purpose: "email_confirmation" });
      if (user.emailVerified) {
        await enqueueMail(tx, {
          kind: "email_changed",
          to: user.email!,
          userId: opts.userId,
          facts: { username: user.username, newAddress: null, at: new Date().toISOString() },
        });
      }
    });
    await audit({ kind: "auth.email_changed", userId: opts.userId, address: opts.address, detail: "removed" });
    return "removed" satisfies EmailChange;
  }

  const email = opts.email;
  if (email === user.email && user.emailVerified) return "unchanged" satisfies EmailChange;
  if (!mailEnabled()) {
    try {
      await db.user.update({ where: { id: opts.userId }, data: { email, emailVerified: null } });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw fieldError("email", "That email is already registered.", "conflict");
      }
      throw error;
    }
    await audit({ kind: "auth.email_changed", userId: opts.userId, address: opts.address, detail: "set (not confirmed)" });
    return "set" satisfies EmailChange;
  }
  const taken = await db.user.count({ where: { email, emailVerified: { not: null }, id: { not: opts.userId } } });
  if (taken > 0) throw fieldError("email", "That email is already registered.", "conflict");
  const mails = await consume("emailConfirmation", opts.userId);
  if (!mails.ok)
    throw new AppError("rate_limited", "Too many confirmation mails for now. Try again in an hour.", {
      retryAfterSeconds: mails.retryAfterSeconds,
    });
  await db.$transaction((tx) => sendEmailConfirmation(tx, { userId: opts.userId, username: user.username, email }));
  return "confirmation_sent" satisfies EmailChange;
}
