// Creates an account: by registration while it is open, or with an invitation (used up in the transaction that
// creates the account, so two visitors racing one invitation make one account). The unique indexes decide races
// between two sign-ups for the same name. An admin's new accounts (lib/admin/create-account.ts) follow the same
// name rules and the same checks.
import "server-only";
import { db, isUniqueViolation, uniqueViolationFields, type Prisma } from "@/lib/db";
import { AppError, fieldError } from "@/lib/errors";
import { consume, tooManyAttempts } from "@/lib/rate-limit";
import { throttleKey } from "@/lib/client-address";
import { isRegistrationOpen } from "./registration";
import { consumeAccountToken, findInvitationToken } from "@/lib/account-tokens/account-token";
import { audit } from "@/lib/audit";
import { hashPassword, weakPasswordReason } from "./password";
import { sendEmailConfirmation } from "./email-confirmation-link";

export const REGISTRATION_CLOSED = "Registration is closed on this server. Ask its administrator for an account.";

export const INVITATION_INVALID =
  "This invitation does not work any more: it was used, it expired, or it was withdrawn. Ask the administrator for a new one.";

export async function registerUser(opts: { username: string; email?: string; password: string; address: string; invite?: string }) {
  if (opts.invite !== undefined) {
    // With an invitation, registration may be closed; a link that no longer works is refused whatever the setting.
    if (!(await findInvitationToken(opts.invite))) throw new AppError("not_found", INVITATION_INVALID);
  } else if (!(await isRegistrationOpen())) throw new AppError("forbidden", REGISTRATION_CLOSED);
  const limit = await consume("register", throttleKey(opts.address));
  if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);

  const weak = weakPasswordReason(opts.password, opts.username);
  if (weak) throw fieldError("password", weak);

  await assertAccountFree(opts);

  const passwordHash = await hashPassword(opts.password);
  const user = await createAccount({ username: opts.username, email: opts.email, passwordHash }, async (tx) => {
    if (opts.invite !== undefined && !(await consumeAccountToken(tx, { token: opts.invite, purpose: "invitation" }))) {
      // Another registration used it first: this transaction makes nothing.
      throw new AppError("not_found", INVITATION_INVALID);
    }
  });
  if (opts.invite !== undefined) {
    await audit({ kind: "auth.registered_by_invitation", userId: user.id, actorId: user.id, address: opts.address });
  }
  return user;
}

/** The name (and address) must be free, as for registration: a field error otherwise. */
export async function assertAccountFree(opts: { username: string; email?: string }): Promise<void> {
  const taken = await db.user.findFirst({
    where: { OR: [{ username: opts.username }, ...(opts.email ? [{ email: opts.email }] : [])] },
    select: { username: true },
  });
  if (taken) throw duplicate(taken.username === opts.username ? "username" : "email");
}

/**
 * Creates the account (without a usable password when passwordHash is null) and, in the same transaction, whatever
 * `also` does; a name or address taken meanwhile is a field error.
 */
export async function createAccount<T>(
  data: { username: string; email?: string; passwordHash: string | null },
  also: (tx: Prisma.TransactionClient, user: { id: string; username: string }) => Promise<T>,
): Promise<{ id: string; username: string; extra: T }> {
  try {
    // The address is the account's at once (to sign in with) but is mailed nothing until its link is opened.
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { username: data.username, email: data.email ?? null, passwordHash: data.passwordHash },
        select: { id: true, username: true },
      });
      const extra = await also(tx, user);
      if (data.email) await sendEmailConfirmation(tx, { userId: user.id, username: user.username, email: data.email });
      return { ...user, extra };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw duplicate(uniqueViolationFields(error).includes("email") ? "email" : "username");
    }
    throw error;
  }
}

function duplicate(field: "username" | "email"): AppError {
  return fieldError(field, field === "username" ? "That username is taken." : "That email is already registered.", "conflict");
}
