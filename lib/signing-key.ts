// HMAC keys for values Coffer hands out and later trusts again (link-unlock cookies, file-list cursors).
// Each purpose gets its own key, derived from AUTH_SECRET with HKDF, so a value signed for one purpose
// never verifies as another and AUTH_SECRET itself signs nothing but session tokens.
import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

export type SigningPurpose = "link-unlock-cookie" | "request-unlock-cookie" | "file-list-cursor";

const keys = new Map<SigningPurpose, Buffer>();

function signingKey(purpose: SigningPurpose): Buffer {
  let key = keys.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", env().AUTH_SECRET, "coffer", purpose, 32));
    keys.set(purpose, key);
  }
  return key;
}

/** HMAC-SHA-256 of `message` under the purpose's key, base64url (43 characters). */
export function sign(purpose: SigningPurpose, message: string): string {
  return createHmac("sha256", signingKey(purpose)).update(message).digest("base64url");
}

/** Whether `mac` is the signature of `message` for this purpose, compared in constant time. */
export function verifySignature(purpose: SigningPurpose, message: string, mac: string): boolean {
  const expected = Buffer.from(sign(purpose, message));
  const actual = Buffer.from(mac);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
