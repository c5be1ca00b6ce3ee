// Checks a two-factor code for an account: a code from the authenticator app (one step either side of now,
// never one already used: the last accepted step is stored and only later ones pass, by a conditional
// update that concurrent requests cannot both win) or an unused recovery code. Attempts are throttled like
// passwords (lib/rate-limit.ts): each spends its points first and a right code gets them back; at sign-in a
// browser with the account's device cookie is counted on its own, in settings each session is.
import "server-only";
import { db } from "@/lib/db";
import { AppError, fieldError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { consumeAll, reset, reward, tooManyAttempts, type LimitName } from "@/lib/rate-limit";
import { throttleKey } from "@/lib/client-address";
import { audit } from "@/lib/audit";
import { openSecret } from "@/lib/crypto/seal-secret";
import { SEALED_COLUMNS } from "@/lib/crypto/sealed-values";
import { totpStep } from "./totp";
import { looksLikeRecoveryCode, redeemRecoveryCode } from "./recovery-codes";
import { knownDevice } from "./device-cookie";

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

/** Where a code comes from: the code step of signing in (with the browser's device cookie), or a signed-in session. */
export type CodeAttempt =
  { kind: "sign-in"; address: string; deviceCookie?: string } | { kind: "session"; address: string; sessionId: string };

function limitKeys(userId: string, attempt: CodeAttempt): [LimitName, string][] {
  if (attempt.kind === "session") return [["twoFactorSession", attempt.sessionId]];
  const device = knownDevice(attempt.deviceCookie, userId);
  if (device) return [["twoFactorDevice", device]];
  const address = throttleKey(attempt.address);
  return [
    ["twoFactorAccountAddress", `${userId}|${address}`],
    ["twoFactorAddress", address],
    ["twoFactorAccount", userId],
  ];
}

/** Throws a field error (field `field`) for a wrong or replayed code, a 429 when throttled. */
export async function checkTwoFactorCode(opts: {
  userId: string;
  code: string;
  attempt: CodeAttempt;
  field?: string;
}): Promise<"totp" | "recovery"> {
  const field = opts.field ?? "code";
  const address = opts.attempt.address;
  const keys = limitKeys(opts.userId, opts.attempt);
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
    await audit({ kind: "auth.two_factor_failed", userId: opts.userId, address });
    throw fieldError(field, WRONG_CODE);
  }
  // A right code forgives this browser's (or session's) failures and gives this attempt's points back to the wider keys.
  await reset(keys[0][0], keys[0][1]);
  for (const [name, key] of keys.slice(1)) await reward(name, key);
  if (accepted === "recovery") await audit({ kind: "auth.recovery_code_used", userId: opts.userId, address });
  return accepted;
}
