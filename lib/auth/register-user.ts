// Creates an account. The unique indexes decide races between two sign-ups for the same name.
import "server-only";
import { db, isUniqueViolation, uniqueViolationFields } from "@/lib/db";
import { AppError, fieldError } from "@/lib/errors";
import { consume, tooManyAttempts } from "@/lib/rate-limit";
import { throttleKey } from "@/lib/client-address";
import { isRegistrationOpen } from "@/lib/admin/registration";
import { hashPassword, weakPasswordReason } from "./password";
import { sendEmailConfirmation } from "./email-confirmation-link";

export const REGISTRATION_CLOSED = "Registration is closed on this server. Ask its administrator for an account.";

export async function registerUser(opts: { username: string; email?: string; password: string; address: string }) {
  if (!(await isRegistrationOpen())) throw new AppError("forbidden", REGISTRATION_CLOSED);
  const limit = await consume("register", throttleKey(opts.address));
  if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);

  const weak = weakPasswordReason(opts.password, opts.username);
  if (weak) throw fieldError("password", weak);

  const taken = await db.user.findFirst({
    where: { OR: [{ username: opts.username }, ...(opts.email ? [{ email: opts.email }] : [])] },
    select: { username: true },
  });
  if (taken) throw duplicate(taken.username === opts.username ? "username" : "email");

  const passwordHash = await hashPassword(opts.password);
  try {
    // The address is the account's at once (to sign in with) but is mailed nothing until its link is opened.
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { username: opts.username, email: opts.email ?? null, passwordHash },
        select: { id: true, username: true },
      });
      if (opts.email) await sendEmailConfirmation(tx, { userId: user.id, username: user.username, email: opts.email });
      return user;
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
