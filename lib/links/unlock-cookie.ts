// After the right password, the visitor gets a short-lived cookie that opens that one link:
// its name and its MAC both bind the link's id, and its path is the link's own URL.
import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

export const UNLOCK_TTL_SECONDS = 60 * 60;

let macKey: Buffer | undefined;
function key(): Buffer {
  macKey ??= Buffer.from(hkdfSync("sha256", env().AUTH_SECRET, "coffer", "link-unlock-cookie", 32));
  return macKey;
}

export function unlockCookieName(linkId: string): string {
  return `coffer-link-${linkId}`;
}

function mac(linkId: string, expires: number): string {
  return createHmac("sha256", key()).update(`${linkId}.${expires}`).digest("base64url");
}

export function unlockCookieValue(linkId: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + UNLOCK_TTL_SECONDS;
  return `${expires}.${mac(linkId, expires)}`;
}

export function isUnlocked(linkId: string, value: string | undefined, now = Date.now()): boolean {
  if (!value) return false;
  const [expiresText, given] = value.split(".");
  const expires = Number(expiresText);
  if (!Number.isSafeInteger(expires) || expires * 1000 < now || !given) return false;
  const expected = Buffer.from(mac(linkId, expires));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
