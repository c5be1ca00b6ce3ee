// Opening a confirmation link: the address becomes the account's, confirmed, in one transaction that also uses the
// link up, takes the address from any account that had entered it without confirming it (whoever proves the mailbox
// owns the address), and tells the previous confirmed address of the change.
import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { consumeAccountToken, findAccountToken } from "@/lib/account-tokens/account-token";
import { enqueueMail } from "@/lib/outbox/enqueue-mail";
import { CONFIRMATION_LINK_INVALID } from "./email-confirmation-link";

/** Whose address the link confirms, for the page before the button; null when the link does not work. */
export async function findEmailConfirmation(token: string) {
  const found = await findAccountToken({ token, purpose: "email_confirmation" });
  if (!found?.email) return null;
  const user = await db.user.findUnique({ where: { id: found.userId }, select: { username: true, disabled: true } });
  return user && !user.disabled ? { username: user.username, email: found.email } : null;
}

const DISABLED = new Error("the account is disabled");

export async function confirmEmailAddress(opts: { token: string; address: string }) {
  const found = await findAccountToken({ token: opts.token, purpose: "email_confirmation" });
  if (!found?.email) throw new AppError("not_found", CONFIRMATION_LINK_INVALID);
  const email = found.email;
  const outcome = await db
    .$transaction(async (tx) => {
      if (!(await consumeAccountToken(tx, { token: opts.token, purpose: "email_confirmation" }))) return "invalid" as const;
      const user = await tx.user.findUniqueOrThrow({
        where: { id: found.userId },
        select: { username: true, email: true, emailVerified: true },
      });
      const owner = await tx.user.findFirst({
        where: { email, emailVerified: { not: null }, id: { not: found.userId } },
        select: { id: true },
      });
      if (owner) return "taken" as const;
      // Only an unconfirmed holder gives the address up: an account that confirmed it after the check above (another
      // transaction committing meanwhile) keeps it, and the unique address then refuses this one.
      await tx.user.updateMany({ where: { email, emailVerified: null, id: { not: found.userId } }, data: { email: null } });
      // Conditional: a disabled account confirms nothing; the sentinel rolls back what this transaction wrote.
      const confirmed = await tx.user.updateMany({
        where: { id: found.userId, disabled: false },
        data: { email, emailVerified: new Date() },
      });
      if (confirmed.count !== 1) throw DISABLED;
      if (user.email && user.emailVerified && user.email !== email) {
        await enqueueMail(tx, {
          kind: "email_changed",
          to: user.email,
          userId: found.userId,
          facts: { username: user.username, newAddress: email, at: new Date().toISOString() },
        });
      }
      return { username: user.username };
    })
    // Two accounts confirming the same address at once (PostgreSQL runs both transactions together): the unique
    // address refuses the later commit, and its whole transaction, link included, is rolled back.
    .catch((error: unknown) => {
      if (error === DISABLED) return "invalid" as const;
      if (isUniqueViolation(error)) return "taken" as const;
      throw error;
    });
  if (outcome === "invalid") throw new AppError("not_found", CONFIRMATION_LINK_INVALID);
  if (outcome === "taken") throw new AppError("conflict", "This address was confirmed for another account meanwhile.");
  await audit({ kind: "auth.email_changed", userId: found.userId, actorId: null, address: opts.address, detail: "confirmed" });
  return { username: outcome.username, email };
}
