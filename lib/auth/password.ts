// Password hashing and policy. bcrypt reads only the first 72 bytes, so it hashes a digest of the whole
// password; the digest is an HMAC keyed by the hash's own bcrypt salt, so a plain SHA-256 of the password
// leaked by another site cannot be tried against these hashes directly ("shucking"). Hashes made before
// (an unsalted SHA-256 under bcrypt) still verify and are rewritten at the next successful sign-in.
// The bcrypt work runs in worker threads (password-pool.ts). See docs/decisions/004.
import "server-only";
import { createHash, createHmac } from "node:crypto";
import bcrypt from "bcryptjs";
import { dictionary } from "@zxcvbn-ts/language-common";
import { runPasswordTask } from "./password-pool";

export const BCRYPT_COST = 12;
/** Marks hashes whose pre-hash is bound to their salt; hashes without it are the older scheme. */
const SALT_BOUND = "v2:";
// bcrypt's "$2b$12$" and 22 characters of salt.
const SALT_LENGTH = 29;

// base64 of a 32-byte digest: 44 ASCII bytes, no NUL, under bcrypt's 72-byte limit.
function saltBoundPrehash(password: string, salt: string): string {
  return createHmac("sha256", salt).update(password, "utf8").digest("base64");
}

function legacyPrehash(password: string): string {
  return createHash("sha256").update(password, "utf8").digest("base64");
}

export async function hashPassword(password: string): Promise<string> {
  const salt = await bcrypt.genSalt(BCRYPT_COST);
  return SALT_BOUND + (await runPasswordTask<string>({ op: "hash", input: saltBoundPrehash(password, salt), salt }));
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (hash.startsWith(SALT_BOUND)) {
    const inner = hash.slice(SALT_BOUND.length);
    return runPasswordTask<boolean>({ op: "compare", input: saltBoundPrehash(password, inner.slice(0, SALT_LENGTH)), hash: inner });
  }
  return runPasswordTask<boolean>({ op: "compare", input: legacyPrehash(password), hash });
}

/** Whether a hash predates the salt-bound pre-hash (or a cost change) and should be rewritten. */
export function needsRehash(hash: string): boolean {
  return !hash.startsWith(SALT_BOUND) || bcrypt.getRounds(hash.slice(SALT_BOUND.length)) !== BCRYPT_COST;
}

// Verified for unknown users so that "no such user" takes as long as "wrong password" (a fixed hash of a
// throwaway password, in the current scheme and at the current cost).
const DUMMY_HASH = "v2:$2b$12$k077p/eliFQwgO62K1aT9OcN2WGprBi5CY2IxYvK4YUedWpQPDUxO";
export async function verifyDummyPassword(password: string): Promise<void> {
  await verifyPassword(password, DUMMY_HASH);
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
