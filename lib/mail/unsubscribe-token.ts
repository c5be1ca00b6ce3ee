// The one-click unsubscribe link of a notification mail (RFC 8058): it names the account and the kind and is signed
// with a key derived from AUTH_SECRET, so it needs no row and keeps working. It can only turn that one kind off.
import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { isNotificationKind, type NotificationKind } from "./notification-kinds";

let macKey: Buffer | undefined;
function mac(text: string): string {
  macKey ??= Buffer.from(hkdfSync("sha256", env().AUTH_SECRET, "coffer", "unsubscribe", 32));
  return createHmac("sha256", macKey).update(text).digest("base64url").slice(0, 32);
}

export function unsubscribeToken(userId: string, kind: NotificationKind): string {
  return `${userId}.${kind}.${mac(`${userId}.${kind}`)}`;
}

/** The page a person opens from the mail's footer: it asks before turning anything off. */
export function unsubscribeUrl(userId: string, kind: NotificationKind): string {
  return `${env().APP_URL}/unsubscribe/${unsubscribeToken(userId, kind)}`;
}

/** The List-Unsubscribe address mail clients POST to (RFC 8058). */
export function oneClickUnsubscribeUrl(userId: string, kind: NotificationKind): string {
  return `${env().APP_URL}/api/unsubscribe/${unsubscribeToken(userId, kind)}`;
}

/** The account and kind a genuine token names; null otherwise. */
export function readUnsubscribeToken(token: string): { userId: string; kind: NotificationKind } | null {
  const [userId, kind, given, extra] = token.split(".");
  if (extra !== undefined || !userId || !given || !isNotificationKind(kind) || userId.length > 64) return null;
  const expected = Buffer.from(mac(`${userId}.${kind}`));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? { userId, kind } : null;
}
