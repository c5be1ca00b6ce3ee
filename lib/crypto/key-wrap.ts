// Envelope encryption: each file has its own data key, stored only wrapped by a master key, so rotating
// the master key means re-wrapping small strings rather than re-encrypting every blob.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

const PREFIX = "v1.";
// Binds wrapped values to this purpose, so a ciphertext made with the same key elsewhere cannot pass as one.
const AAD = Buffer.from("coffer-dek-v1");
const NONCE_SIZE = 12;
const TAG_SIZE = 16;
const KEY_SIZE = 32;
const WRAPPED = /^v1\.[A-Za-z0-9_-]+$/;

export class KeyUnwrapError extends Error {
  name = "KeyUnwrapError";
}

function assertKey(key: Buffer, what: string): void {
  if (key.length !== KEY_SIZE) throw new RangeError(`${what} must be ${KEY_SIZE} bytes`);
}

export function generateDataKey(): Buffer {
  return randomBytes(KEY_SIZE);
}

export function wrapDataKey(dataKey: Buffer, masterKey: Buffer): string {
  assertKey(dataKey, "data key");
  assertKey(masterKey, "master key");
  const nonce = randomBytes(NONCE_SIZE);
  const cipher = createCipheriv("aes-256-gcm", masterKey, nonce, { authTagLength: TAG_SIZE });
  cipher.setAAD(AAD);
  const body = Buffer.concat([nonce, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
  return PREFIX + body.toString("base64url");
}

export function unwrapDataKey(wrapped: string, masterKey: Buffer): Buffer {
  // Buffer.from(…, "base64url") silently skips invalid characters, so the alphabet is checked first.
  if (typeof wrapped !== "string" || !WRAPPED.test(wrapped)) throw new KeyUnwrapError("malformed wrapped key");
  const body = Buffer.from(wrapped.slice(PREFIX.length), "base64url");
  if (body.length !== NONCE_SIZE + KEY_SIZE + TAG_SIZE) throw new KeyUnwrapError("malformed wrapped key");
  try {
    const decipher = createDecipheriv("aes-256-gcm", masterKey, body.subarray(0, NONCE_SIZE), { authTagLength: TAG_SIZE });
    decipher.setAAD(AAD);
    decipher.setAuthTag(body.subarray(NONCE_SIZE + KEY_SIZE));
    return Buffer.concat([decipher.update(body.subarray(NONCE_SIZE, NONCE_SIZE + KEY_SIZE)), decipher.final()]);
  } catch {
    throw new KeyUnwrapError("data key could not be unwrapped (wrong master key or tampered value)");
  }
}

/** Identifies a master key (e.g. to detect a misconfigured one at startup) without revealing it. */
export function keyCheckValue(masterKey: Buffer): string {
  return createHmac("sha256", masterKey).update("coffer-master-key-check").digest("base64url").slice(0, 16);
}
