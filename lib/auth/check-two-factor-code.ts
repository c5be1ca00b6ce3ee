// Checks a two-factor code for an account: a code from the authenticator app (one step either side of now,
// never one already used: the last accepted step is stored and only later ones pass, by a conditional
// update that concurrent requests cannot both win) or an unused recovery code. Attempts are throttled like
// passwords: each spends its points first and a right code gets them back.
import "server-only";
import { db } from "@/lib/db";
import { AppError, fieldError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { consumeAll, reward, tooManyAttempts, type LimitName } from "@/lib/rate-limit";
import { throttleKey } from "@/lib/client-address";
import { audit } from "@/lib/audit";
import { openSecret } from "@/lib/crypto/seal-secret";
import { SEALED_COLUMNS } from "@/lib/crypto/sealed-values";
import { totpStep } from "./totp";
import { looksLikeRecoveryCode, redeemRecoveryCode } from "./recovery-codes";

export const WRONG_CODE = "That code is not correct, or it was already used.";
export const TOTP_UNAVAILABLE =
  "Codes from your authenticator app cannot be checked right now. Use a recovery code, or ask your administrator.";
export const TOTP_SECRET_PURPOSE = SEALED_COLUMNS.twoFactorSecret.purpose;

/**
 * The account's TOTP secret (base32), or null when two-factor is off. A secret that cannot be opened (its master
 * key was removed, the value damaged) is logged and answered with a message that points to the recovery codes,
 * which never depend on it.
 */
export async function readTotpSecret(userId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { twoFactorSecret: true, twoFactorKeyId: true } });
  if (!user?.twoFactorSecret || !user.twoFactorKeyId) return null;
  try {
    return openSecret(user.twoFactorSecret, user.twoFactorKeyId, TOTP_SECRET_PURPOSE).toString("utf8");
  } catch (error) {
    logger.error(
      { userId, keyId: user.twoFactorKeyId, err: { name: (error as Error).name, message: (error as Error).message } },
      "two-factor secret unreadable",
    );
    throw new AppError("unavailable", TOTP_UNAVAILABLE);
  }
}

async function twoFactorEnabled(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { twoFactorEnabledAt: true } });
  return Boolean(user?.twoFactorEnabledAt);
}

/** Marks the step used; false when it (or a later one) was used already. */
export async function claimTotpStep(userId: string, step: number): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, OR: [{ twoFactorLastStep: null }, { twoFactorLastStep: { lt: step } }] },
    data: { twoFactorLastStep: step },
  });
  return count === 1;
}

/** Throws a field error (field `field`) for a wrong or replayed code, a 429 when throttled. */
export async function checkTwoFactorCode(opts: {
  userId: string;
  code: string;
  address: string;
  field?: string;
}): Promise<"totp" | "recovery"> {
  const field = opts.field ?? "code";
  const keys: [LimitName, string][] = [
    ["twoFactorAccount", opts.userId],
    ["twoFactorAddress", throttleKey(opts.address)],
  ];
  const limit = await consumeAll(keys);
  if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);

  const code = opts.code.replace(/\s/g, "");
  let accepted: "totp" | "recovery" | null = null;
  if (/^\d{6}$/.test(code)) {
    const secret = await readTotpSecret(opts.userId).catch(async (error) => {
      for (const [name, key] of keys) await reward(name, key);
      throw error;
    });
    const step = secret ? totpStep(secret, code) : null;
    if (step !== null && (await claimTotpStep(opts.userId, step))) accepted = "totp";
  } else if (looksLikeRecoveryCode(code) && (await twoFactorEnabled(opts.userId)) && (await redeemRecoveryCode(opts.userId, code))) {
    // Recovery codes are digests of their own: they work whatever became of the app's secret.
    accepted = "recovery";
  }
  if (!accepted) {
    await audit({ kind: "auth.two_factor_failed", userId: opts.userId, address: opts.address });
    throw fieldError(field, WRONG_CODE);
  }
  for (const [name, key] of keys) await reward(name, key);
  if (accepted === "recovery") await audit({ kind: "auth.recovery_code_used", userId: opts.userId, address: opts.address });
  return accepted;
}
