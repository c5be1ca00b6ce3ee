// Changing the password bumps the session version, which ends every session; the caller then
// signs the current browser in again so only the others are ended.
import "server-only";
import { db } from "@/lib/db";
import { fieldError } from "@/lib/errors";
import { consume, tooManyAttempts } from "@/lib/rate-limit";
import { audit } from "@/lib/audit";
import { hashPassword, verifyPassword, weakPasswordReason } from "./password";

export async function changePassword(opts: { userId: string; currentPassword: string; newPassword: string }) {
  const limit = await consume("passwordChange", opts.userId);
  if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);

  const user = await db.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { username: true, passwordHash: true } });
  if (!user.passwordHash || !(await verifyPassword(opts.currentPassword, user.passwordHash))) {
    throw fieldError("currentPassword", "Your current password is not correct.");
  }
  const weak = weakPasswordReason(opts.newPassword, user.username);
  if (weak) throw fieldError("newPassword", weak);
  if (opts.newPassword === opts.currentPassword) throw fieldError("newPassword", "Choose a password different from the current one.");

  await db.user.update({
    where: { id: opts.userId },
    data: { passwordHash: await hashPassword(opts.newPassword), sessionVersion: { increment: 1 } },
  });
  await audit({ kind: "auth.password_changed", userId: opts.userId });
  return { username: user.username };
}
