// Which notifications a user gets: a row only where they chose differently from the kind's default.
import "server-only";
import { db } from "@/lib/db";
import { NOTIFICATION_KINDS, type NotificationKind } from "@/lib/mail/notification-kinds";
import type { MailWriter } from "@/lib/outbox/enqueue-mail";

export async function isNotificationOn(tx: MailWriter, userId: string, kind: NotificationKind): Promise<boolean> {
  const row = await tx.notificationSetting.findUnique({ where: { userId_kind: { userId, kind } }, select: { enabled: true } });
  return row?.enabled ?? NOTIFICATION_KINDS[kind].defaultOn;
}

/** Every kind with its label and whether it is on for this user, in the order of NOTIFICATION_KINDS. */
export async function listNotificationSettings(userId: string) {
  const rows = await db.notificationSetting.findMany({ where: { userId }, select: { kind: true, enabled: true } });
  const chosen = new Map(rows.map((row) => [row.kind, row.enabled]));
  return (Object.entries(NOTIFICATION_KINDS) as [NotificationKind, (typeof NOTIFICATION_KINDS)[NotificationKind]][]).map(
    ([kind, spec]) => ({ kind, label: spec.label, enabled: chosen.get(kind) ?? spec.defaultOn }),
  );
}

export async function setNotification(opts: { userId: string; kind: NotificationKind; enabled: boolean }): Promise<void> {
  await db.notificationSetting.upsert({
    where: { userId_kind: { userId: opts.userId, kind: opts.kind } },
    update: { enabled: opts.enabled },
    create: { userId: opts.userId, kind: opts.kind, enabled: opts.enabled },
  });
}
