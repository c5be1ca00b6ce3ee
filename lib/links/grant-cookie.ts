// The cookie that carries a link download grant (LinkGrant): `<grant id>.<expires>.<MAC>`, the MAC binding
// the link's id, the grant's id and the expiry; its name binds the link, its path is the link's own URL.
// Parsed strictly: anything but exactly those three parts is no grant.
import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

export const GRANT_TTL_SECONDS = 60 * 60;

const VALUE = /^([A-Za-z0-9_-]{21,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

let macKey: Buffer | undefined;
function key(): Buffer {
  macKey ??= Buffer.from(hkdfSync("sha256", env().AUTH_SECRET, "coffer", "link-download-grant-cookie", 32));
  return macKey;
}

function mac(linkId: string, grantId: string, expires: number): string {
  return createHmac("sha256", key()).update(`${linkId}.${grantId}.${expires}`).digest("base64url");
}

export function grantCookieName(linkId: string): string {
  return `coffer-grant-${linkId}`;
}

export function grantCookieValue(linkId: string, grantId: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${grantId}.${expires}.${mac(linkId, grantId, expires)}`;
}

/** The grant id the cookie carries for this link, or null when it is missing, expired, forged or malformed. */
export function grantIdFromCookie(linkId: string, value: string | undefined, now = Date.now()): string | null {
  const parts = value ? VALUE.exec(value) : null;
  if (!parts) return null;
  const [, grantId, expiresText, given] = parts;
  const expires = Number(expiresText);
  if (expires * 1000 <= now) return null;
  const expected = Buffer.from(mac(linkId, grantId, expires));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? grantId : null;
}
