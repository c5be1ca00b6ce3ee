// Changing the password ends every other session of the account (their records go) and keeps this one:
// the browser is not signed in again, so no sign-in throttle can leave the change half-done.
import "server-only";
import { revokeAllApiTokens } from "@/lib/api-tokens/tokens";
import { db } from "@/lib/db";
import { fieldError } from "@/lib/errors";
import { consume, tooManyAttempts } from "@/lib/rate-limit";
import { audit } from "@/lib/audit";
import { hashPassword, verifyPassword, weakPasswordReason } from "./password";
import { checkTwoFactorCode } from "./check-two-factor-code";
import { endAccountTokens } from "@/lib/account-tokens/account-token";
import { sendSecurityNotice } from "@/lib/notifications/send-security-notice";

export const CODE_REQUIRED = "Enter a code from your authenticator app or a recovery code.";

export async function changePassword(opts: {
  userId: string;
  sessionId: string;
  currentPassword: string;
  newPassword: string;
  code?: string;
  address: string;
}) {
  const limit = await consume("passwordChange", opts.userId);
  if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);

  const user = await db.user.findUniqueOrThrow({
    where: { id: opts.userId },
    select: { username: true, passwordHash: true, twoFactorEnabledAt: true },
  });
  if (!user.passwordHash || !(await verifyPassword(opts.currentPassword, user.passwordHash))) {
    throw fieldError("currentPassword", "Your current password is not correct.");
  }
  const weak = weakPasswordReason(opts.newPassword, user.username);
  if (weak) throw fieldError("newPassword", weak);
  if (opts.newPassword === opts.currentPassword) throw fieldError("newPassword", "Choose a password different from the current one.");
  if (user.twoFactorEnabledAt) {
    if (!opts.code?.trim()) throw fieldError("code", CODE_REQUIRED);
    await checkTwoFactorCode({
      userId: opts.userId,
      code: opts.code,
      attempt: { kind: "session", address: opts.address, sessionId: opts.sessionId },
    });
  }

  const passwordHash = await hashPassword(opts.newPassword);
  await db.$transaction(async (tx) => {
    // Only if nobody changed it meanwhile: two concurrent changes cannot both win.
    await tx.user.update({ where: { id: opts.userId, passwordHash: user.passwordHash }, data: { passwordHash } });
    await tx.userSession.deleteMany({ where: { userId: opts.userId, id: { not: opts.sessionId } } });
    // A reset link mailed before the change must not undo it.
    await endAccountTokens(tx, { userId: opts.userId, purpose: "password_reset" });
    // Tokens made under the old password go with it (docs/decisions/078).
    await revokeAllApiTokens(opts.userId, tx);
    await sendSecurityNotice(tx, { userId: opts.userId, event: "password_changed" });
  });
  await audit({ kind: "auth.password_changed", userId: opts.userId, address: opts.address });
  return { username: user.username };
}
