// Password hashing and policy. bcrypt reads only the first 72 bytes, so it hashes a SHA-256 digest
// of the whole password: two passwords that share a 72-byte prefix still hash differently.
import "server-only";
import { createHash } from "node:crypto";
import bcrypt from "bcryptjs";
import { dictionary } from "@zxcvbn-ts/language-common";

export const BCRYPT_COST = 12;

function prehash(password: string): string {
  // base64 of a 32-byte digest: 44 ASCII bytes, no NUL, under bcrypt's 72-byte limit.
  return createHash("sha256").update(password, "utf8").digest("base64");
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(prehash(password), BCRYPT_COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(prehash(password), hash);
}

// Verified for unknown users so that "no such user" takes as long as "wrong password".
const DUMMY_HASH = bcrypt.hashSync(prehash("coffer-dummy-password"), BCRYPT_COST);
export async function verifyDummyPassword(password: string): Promise<void> {
  await bcrypt.compare(prehash(password), DUMMY_HASH);
}

let common: Set<string> | undefined;

/** Why the password is too easy to guess, or null when it passes. */
export function weakPasswordReason(password: string, username?: string): string | null {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  const lower = password.toLowerCase();
  if (common.has(lower)) return "This password appears in lists of common passwords; choose another.";
  if (new Set(password).size <= 2) return "This password repeats the same characters; choose another.";
  if (username && lower.includes(username.toLowerCase())) return "The password must not contain your username.";
  return null;
}
