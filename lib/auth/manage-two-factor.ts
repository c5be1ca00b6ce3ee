// Turning two-factor off and replacing the recovery codes: both ask for the password and a current code first.
import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { checkTwoFactorCode } from "./check-two-factor-code";
import { confirmPassword } from "./confirm-password";
import { replaceRecoveryCodes } from "./recovery-codes";
import { sendSecurityNotice } from "@/lib/notifications/send-security-notice";

export const NOT_ENABLED = "Two-factor sign-in is not on.";

type Confirmed = { userId: string; sessionId: string; password: string; code: string; address: string };

/** The account has two-factor on, the password is right and so is the code (in that order: a refusal spends no code). */
async function confirmSecondFactor(opts: Confirmed): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { twoFactorEnabledAt: true } });
  if (!user.twoFactorEnabledAt) throw new AppError("conflict", NOT_ENABLED);
  await confirmPassword(opts);
  await checkTwoFactorCode({
    userId: opts.userId,
    code: opts.code,
    attempt: { kind: "session", address: opts.address, sessionId: opts.sessionId },
  });
}

export async function disableTwoFactor(opts: Confirmed): Promise<void> {
  await confirmSecondFactor(opts);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: opts.userId },
      data: { twoFactorSecret: null, twoFactorKeyId: null, twoFactorEnabledAt: null, twoFactorLastStep: null },
    });
    await tx.recoveryCode.deleteMany({ where: { userId: opts.userId } });
    await tx.twoFactorChallenge.deleteMany({ where: { userId: opts.userId } });
    await sendSecurityNotice(tx, { userId: opts.userId, event: "two_factor_disabled" });
  });
  await audit({ kind: "auth.two_factor_disabled", userId: opts.userId, address: opts.address });
}

export async function regenerateRecoveryCodes(opts: Confirmed): Promise<string[]> {
  await confirmSecondFactor(opts);
  const codes = await replaceRecoveryCodes(opts.userId, (tx) =>
    sendSecurityNotice(tx, { userId: opts.userId, event: "recovery_codes_replaced" }),
  );
  await audit({ kind: "auth.recovery_codes_replaced", userId: opts.userId, address: opts.address });
  return codes;
}
