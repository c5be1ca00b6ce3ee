// After the right password, the visitor gets a short-lived cookie that opens that one link:
// its name and its MAC both bind the link's id, and its path is the link's own URL.
import "server-only";
import { sign, verifySignature } from "@/lib/signing-key";

export const UNLOCK_TTL_SECONDS = 60 * 60;

// Exactly what unlockCookieValue writes: seconds since the epoch, a dot, a base64url HMAC-SHA-256 (43
// characters). Anything more (a second dot, trailing bytes) is refused rather than split away.
const VALUE_PATTERN = /^([1-9]\d{0,11})\.([A-Za-z0-9_-]{43})$/;

export function unlockCookieName(linkId: string): string {
  return `coffer-link-${linkId}`;
}

const message = (linkId: string, expires: number) => `${linkId}.${expires}`;

export function unlockCookieValue(linkId: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + UNLOCK_TTL_SECONDS;
  return `${expires}.${sign("link-unlock-cookie", message(linkId, expires))}`;
}

export function isUnlocked(linkId: string, value: string | undefined, now = Date.now()): boolean {
  const parsed = value ? VALUE_PATTERN.exec(value) : null;
  if (!parsed) return false;
  const expires = Number(parsed[1]);
  if (expires * 1000 < now) return false;
  return verifySignature("link-unlock-cookie", message(linkId, expires), parsed[2]);
}
