// Small secrets kept in the database (two-factor keys, and whatever else lib/crypto/sealed-values.ts lists) sealed
// with the current master key: AES-256-GCM, with the column's purpose as associated data so a value sealed for one
// use cannot pass as another. The master key's id is stored beside the value; any configured key opens what it
// sealed, and `keys promote` re-seals everything with the new active key.
import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import type { MasterKey } from "@/lib/env/master-keys";
import { activeMasterKey } from "./key-ring";

const PREFIX = "s1.";

/** A configured master key would open it, but none has this id: the key was removed from STORAGE_MASTER_KEY. */
export class MissingMasterKeyError extends Error {
  name = "MissingMasterKeyError";
}

const aad = (purpose: string) => Buffer.from(`coffer-sealed-${purpose}`);

export function sealSecretWith(master: MasterKey, secret: Buffer, purpose: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", master.key, nonce);
  cipher.setAAD(aad(purpose));
  const body = Buffer.concat([nonce, cipher.update(secret), cipher.final(), cipher.getAuthTag()]);
  return PREFIX + body.toString("base64url");
}

export function openSecretWith(master: MasterKey, sealed: string, purpose: string): Buffer {
  if (!sealed.startsWith(PREFIX)) throw new Error("malformed sealed secret");
  const body = Buffer.from(sealed.slice(PREFIX.length), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", master.key, body.subarray(0, 12));
  decipher.setAAD(aad(purpose));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]);
}

/** Seals with the active master key, for a column that lib/crypto/sealed-values.ts lists under this purpose. */
export function sealSecret(secret: Buffer, purpose: string): { sealed: string; keyId: string } {
  const master = activeMasterKey();
  return { sealed: sealSecretWith(master, secret, purpose), keyId: master.id };
}

export function openSecret(sealed: string, keyId: string, purpose: string): Buffer {
  const master = env().STORAGE_MASTER_KEY.find((k) => k.id === keyId);
  if (!master) throw new MissingMasterKeyError(`master key "${keyId}" is not configured`);
  return openSecretWith(master, sealed, purpose);
}
