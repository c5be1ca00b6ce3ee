// Two-factor recovery codes: ten random codes shown once; only their SHA-256 is stored (80 random bits each,
// so a plain digest is as good as a slow hash), and each one is deleted by the sign-in that uses it.
import "server-only";
import { createHash, randomInt } from "node:crypto";
import { db, type Prisma } from "@/lib/db";

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: codes are read from paper and typed by hand.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

function newCode(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return chars.match(/.{4}/g)!.join("-");
}

/** What is compared: case, spaces and dashes do not matter. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{16}$/.test(normaliseRecoveryCode(code));
}

const digest = (code: string) => createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");

/**
 * Replaces the account's recovery codes with ten new ones, and answers them (the only time they are seen);
 * `alsoInTransaction` writes what goes with the change (its security notice).
 */
export async function replaceRecoveryCodes(
  userId: string,
  alsoInTransaction?: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await db.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: digest(code) })) });
    await alsoInTransaction?.(tx);
  });
  return codes;
}

/** Uses up one recovery code; false when it is not one of the account's unused codes. */
export async function redeemRecoveryCode(userId: string, code: string): Promise<boolean> {
  const { count } = await db.recoveryCode.deleteMany({ where: { userId, codeHash: digest(code) } });
  return count === 1;
}

export function countRecoveryCodes(userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId } });
}
