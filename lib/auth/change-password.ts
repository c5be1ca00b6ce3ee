// Changing the password bumps the session version, which ends every session; the caller then
// signs the current browser in again so only the others are ended.
import "server-only";
import { db } from "@/lib/db";
import { ActionError } from "@/lib/actions/safe-action";
import { consume, retryMessage } from "@/lib/rate-limit";
import { audit } from "@/lib/audit";
import { hashPassword, verifyPassword, weakPasswordReason } from "./password";

export async function changePassword(opts: { userId: string; currentPassword: string; newPassword: string }) {
  const limit = await consume("passwordChange", opts.userId);
  if (!limit.ok) throw new ActionError(retryMessage(limit.retryAfterSeconds), { retryAfterSeconds: limit.retryAfterSeconds });

  const user = await db.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { username: true, passwordHash: true } });
  if (!user.passwordHash || !(await verifyPassword(opts.currentPassword, user.passwordHash))) {
    const message = "Your current password is not correct.";
    throw new ActionError(message, { fieldErrors: { currentPassword: [message] } });
  }
  const weak = weakPasswordReason(opts.newPassword, user.username);
  if (weak) throw new ActionError(weak, { fieldErrors: { newPassword: [weak] } });
  if (opts.newPassword === opts.currentPassword) {
    const message = "Choose a password different from the current one.";
    throw new ActionError(message, { fieldErrors: { newPassword: [message] } });
  }

  await db.user.update({
    where: { id: opts.userId },
    data: { passwordHash: await hashPassword(opts.newPassword), sessionVersion: { increment: 1 } },
  });
  await audit({ kind: "auth.password_changed", userId: opts.userId });
  return { username: user.username };
}
