// One-click unsubscribe (RFC 8058): the mail's signed link turns its one kind of notification off, without signing in.
import "server-only";
import { db } from "@/lib/db";
import { NOTIFICATION_KINDS } from "@/lib/mail/notification-kinds";
import { readUnsubscribeToken } from "@/lib/mail/unsubscribe-token";
import { setNotification } from "./preferences";

/** What the link would turn off, for the page that asks first; null for a link that is not genuine. */
export async function findUnsubscribe(token: string) {
  const found = readUnsubscribeToken(token);
  if (!found) return null;
  const user = await db.user.findUnique({ where: { id: found.userId }, select: { username: true } });
  return user ? { username: user.username, kind: found.kind, label: NOTIFICATION_KINDS[found.kind].label } : null;
}

export async function unsubscribe(token: string) {
  const found = await findUnsubscribe(token);
  if (!found) return null;
  await setNotification({ userId: readUnsubscribeToken(token)!.userId, kind: found.kind, enabled: false });
  return found;
}
