// OWASP's device cookie ("Slow down online guessing attacks with device cookies"): a browser that signed in
// to an account gets a signed cookie naming that account and a random device id. Sign-in attempts that carry
// a valid one for the account being tried are counted against that device alone, so failures from elsewhere
// cannot lock the owner out (docs/decisions/016).
import "server-only";
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

export const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/** `__Host-` where cookies are secure: the browser then refuses it from any other origin or path. */
export function deviceCookieName(): string {
  return env().secureCookies ? "__Host-coffer-device" : "coffer-device";
}

let macKey: Buffer | undefined;
function key(): Buffer {
  macKey ??= Buffer.from(hkdfSync("sha256", env().AUTH_SECRET, "coffer", "device-cookie", 32));
  return macKey;
}

function mac(userId: string, deviceId: string): string {
  return createHmac("sha256", key()).update(`${userId}.${deviceId}`).digest("base64url");
}

/** A new device cookie value for this account: `<user id>.<device id>.<mac>`. */
export function deviceCookieValue(userId: string): string {
  const deviceId = randomBytes(16).toString("base64url");
  return `${userId}.${deviceId}.${mac(userId, deviceId)}`;
}

/** The device id when the cookie is genuine and names this account; null otherwise. */
export function knownDevice(value: string | undefined, userId: string): string | null {
  if (!value) return null;
  const [owner, deviceId, given, extra] = value.split(".");
  if (extra !== undefined || owner !== userId || !deviceId || !given) return null;
  const expected = Buffer.from(mac(owner, deviceId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? deviceId : null;
}
