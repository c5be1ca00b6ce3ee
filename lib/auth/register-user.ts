// Creates an account. The unique indexes decide races between two sign-ups for the same name.
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { ActionError } from "@/lib/actions/safe-action";
import { consume, retryMessage } from "@/lib/rate-limit";
import { throttleKey } from "@/lib/client-address";
import { isRegistrationOpen } from "@/lib/admin/registration";
import { hashPassword, weakPasswordReason } from "./password";

export const REGISTRATION_CLOSED = "Registration is closed on this server. Ask its administrator for an account.";

export async function registerUser(opts: { username: string; email?: string; password: string; address: string }) {
  if (!(await isRegistrationOpen())) throw new ActionError(REGISTRATION_CLOSED);
  const limit = await consume("register", throttleKey(opts.address));
  if (!limit.ok) throw new ActionError(retryMessage(limit.retryAfterSeconds), { retryAfterSeconds: limit.retryAfterSeconds });

  const weak = weakPasswordReason(opts.password, opts.username);
  if (weak) throw new ActionError(weak, { fieldErrors: { password: [weak] } });

  const taken = await db.user.findFirst({
    where: { OR: [{ username: opts.username }, ...(opts.email ? [{ email: opts.email }] : [])] },
    select: { username: true },
  });
  if (taken) throw duplicate(taken.username === opts.username ? "username" : "email");

  const passwordHash = await hashPassword(opts.password);
  try {
    return await db.user.create({
      data: { username: opts.username, email: opts.email ?? null, passwordHash },
      select: { id: true, username: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw duplicate(String(error.meta?.target ?? "").includes("email") ? "email" : "username");
    }
    throw error;
  }
}

function duplicate(field: "username" | "email"): ActionError {
  const message = field === "username" ? "That username is taken." : "That email is already registered.";
  return new ActionError(message, { fieldErrors: { [field]: [message] } });
}
