// Sets a new password with a reset link. Two-factor is not bypassed: for an account with it on, a code from the
// authenticator app or a recovery code is checked before anything changes (docs/decisions/052). Then, in one
// transaction: the link is used up (only one request can), the password replaced, every session ended (the
// session version bumped, the records gone), every other reset link ended, and the security notice queued.
// The browser is not signed in: the person signs in with the new password (and a code) like anyone else.
// A new account's "set your password" link (made by an admin) goes the same way, with its own purpose and message.
import "server-only";
import { revokeAllApiTokens } from "@/lib/api-tokens/tokens";
import { db } from "@/lib/db";
import { AppError, fieldError } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { hashPassword, weakPasswordReason } from "@/lib/auth/password";
import { checkTwoFactorCode } from "@/lib/auth/check-two-factor-code";
import { CODE_REQUIRED } from "@/lib/auth/change-password";
import { consumeAccountToken, endAccountTokens } from "@/lib/account-tokens/account-token";
import { sendSecurityNotice } from "@/lib/notifications/send-security-notice";
import { findResetLink } from "./find-reset-link";
import { RESET_LINK_INVALID, SET_PASSWORD_LINK_INVALID } from "./reset-link";

export async function resetPassword(opts: {
  token: string;
  purpose?: "password_reset" | "password_set";
  newPassword: string;
  code?: string;
  address: string;
  /** The browser's device cookie: its code attempts are throttled like a sign-in's from it. */
  deviceCookie?: string;
}) {
  const purpose = opts.purpose ?? "password_reset";
  const invalid = purpose === "password_set" ? SET_PASSWORD_LINK_INVALID : RESET_LINK_INVALID;
  const link = await findResetLink(opts.token, purpose);
  if (!link) throw new AppError("not_found", invalid);
  const weak = weakPasswordReason(opts.newPassword, link.username);
  if (weak) throw fieldError("newPassword", weak);
  if (link.twoFactor) {
    if (!opts.code?.trim()) throw fieldError("code", CODE_REQUIRED);
    await checkTwoFactorCode({
      userId: link.userId,
      code: opts.code,
      attempt: { kind: "sign-in", address: opts.address, deviceCookie: opts.deviceCookie },
    });
  }
  const passwordHash = await hashPassword(opts.newPassword);
  const done = await db.$transaction(async (tx) => {
    if (!(await consumeAccountToken(tx, { token: opts.token, purpose }))) return false;
    // Conditional: an account disabled since the link was looked at gets no new password (the link still counts as used).
    const reset = await tx.user.updateMany({
      where: { id: link.userId, disabled: false },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    if (reset.count !== 1) return false;
    await tx.userSession.deleteMany({ where: { userId: link.userId } });
    // Two-factor challenges handed out to the old password's sign-ins go too.
    await tx.twoFactorChallenge.deleteMany({ where: { userId: link.userId } });
    await endAccountTokens(tx, { userId: link.userId, purpose: "password_reset" });
    await endAccountTokens(tx, { userId: link.userId, purpose: "password_set" });
    // Tokens made under the old password go with it (docs/decisions/078).
    await revokeAllApiTokens(link.userId, tx);
    // A first password is no security event to warn of (and a new account has no confirmed address yet).
    if (purpose === "password_reset") await sendSecurityNotice(tx, { userId: link.userId, event: "password_reset" });
    return true;
  });
  if (!done) throw new AppError("not_found", invalid);
  await audit({
    kind: purpose === "password_set" ? "auth.password_set" : "auth.password_reset",
    userId: link.userId,
    actorId: null,
    address: opts.address,
  });
  return { username: link.username };
}
