// Small secrets kept in the database (two-factor keys) sealed with the current master key: AES-256-GCM, with
// the purpose as associated data so a value sealed for one use cannot pass as another. The master key's id
// is stored beside the value; any configured key opens what it sealed.
import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { activeMasterKey } from "./key-ring";

const PREFIX = "s1.";

export function sealSecret(secret: Buffer, purpose: string): { sealed: string; keyId: string } {
  const master = activeMasterKey();
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", master.key, nonce);
  cipher.setAAD(Buffer.from(`coffer-sealed-${purpose}`));
  const body = Buffer.concat([nonce, cipher.update(secret), cipher.final(), cipher.getAuthTag()]);
  return { sealed: PREFIX + body.toString("base64url"), keyId: master.id };
}

export function openSecret(sealed: string, keyId: string, purpose: string): Buffer {
  const master = env().STORAGE_MASTER_KEY.find((k) => k.id === keyId);
  if (!master) throw new Error(`master key "${keyId}" is not configured`);
  if (!sealed.startsWith(PREFIX)) throw new Error("malformed sealed secret");
  const body = Buffer.from(sealed.slice(PREFIX.length), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", master.key, body.subarray(0, 12));
  decipher.setAAD(Buffer.from(`coffer-sealed-${purpose}`));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]);
}
