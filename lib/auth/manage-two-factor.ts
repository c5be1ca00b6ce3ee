// Turning two-factor off and replacing the recovery codes: both ask for a current code first.
import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { checkTwoFactorCode } from "./check-two-factor-code";
import { replaceRecoveryCodes } from "./recovery-codes";
import { sendSecurityNotice } from "@/lib/notifications/send-security-notice";

export const NOT_ENABLED = "Two-factor sign-in is not on.";

async function assertEnabled(userId: string): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { twoFactorEnabledAt: true } });
  if (!user.twoFactorEnabledAt) throw new AppError("conflict", NOT_ENABLED);
}

export async function disableTwoFactor(opts: { userId: string; code: string; address: string }): Promise<void> {
  await assertEnabled(opts.userId);
  await checkTwoFactorCode(opts);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: opts.userId },
      data: { twoFactorSecret: null, twoFactorKeyId: null, twoFactorEnabledAt: null, twoFactorLastStep: null },
    });
    await tx.recoveryCode.deleteMany({ where: { userId: opts.userId } });
    await sendSecurityNotice(tx, { userId: opts.userId, event: "two_factor_disabled" });
  });
  await audit({ kind: "auth.two_factor_disabled", userId: opts.userId, address: opts.address });
}

export async function regenerateRecoveryCodes(opts: { userId: string; code: string; address: string }): Promise<string[]> {
  await assertEnabled(opts.userId);
  await checkTwoFactorCode(opts);
  const codes = await replaceRecoveryCodes(opts.userId, (tx) =>
    sendSecurityNotice(tx, { userId: opts.userId, event: "recovery_codes_replaced" }),
  );
  await audit({ kind: "auth.recovery_codes_replaced", userId: opts.userId, address: opts.address });
  return codes;
}
