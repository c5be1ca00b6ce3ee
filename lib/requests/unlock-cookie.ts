// After the right password, the visitor gets a short-lived cookie that opens that one request: its name and its MAC
// bind the request's id, and it is sent only to the request's page and its upload routes: two cookies, one per path,
// with a name each (a response sets one cookie per name).
import "server-only";
import { sign, verifySignature } from "@/lib/signing-key";

export const REQUEST_UNLOCK_TTL_SECONDS = 60 * 60;

// Exactly what unlockCookieValue writes: seconds since the epoch, a dot, a base64url HMAC-SHA-256 (43 characters).
const VALUE_PATTERN = /^([1-9]\d{0,11})\.([A-Za-z0-9_-]{43})$/;

/** The cookie the request's page reads, and the one its upload routes read. */
export const requestUnlockCookieName = (requestId: string, route: "page" | "uploads" = "page") =>
  route === "page" ? `coffer-request-${requestId}` : `coffer-request-uploads-${requestId}`;

/** Each cookie and the one path it goes to: the page, and the upload routes under /api. */
export const requestUnlockCookies = (requestId: string, token: string) => [
  { name: requestUnlockCookieName(requestId, "page"), path: `/r/${token}` },
  { name: requestUnlockCookieName(requestId, "uploads"), path: `/api/requests/${token}` },
];

const message = (requestId: string, expires: number) => `${requestId}.${expires}`;

export function requestUnlockCookieValue(requestId: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + REQUEST_UNLOCK_TTL_SECONDS;
  return `${expires}.${sign("request-unlock-cookie", message(requestId, expires))}`;
}

export function isRequestUnlocked(requestId: string, value: string | undefined, now = Date.now()): boolean {
  const parsed = value ? VALUE_PATTERN.exec(value) : null;
  if (!parsed) return false;
  const expires = Number(parsed[1]);
  if (expires * 1000 < now) return false;
  return verifySignature("request-unlock-cookie", message(requestId, expires), parsed[2]);
}
