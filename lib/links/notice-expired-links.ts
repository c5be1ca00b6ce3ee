// Tells owners that their links expired, from a scan every node runs (lib/outbox/mail-sender.ts): each link is
// claimed by a conditional update of its expiryNoticeAt, so one node tells, once. Links that expired more than a week
// ago (before an upgrade, or while mail was off) are not told about; nor one that reached its limit first.
import "server-only";
import { db } from "@/lib/db";
import { notifyLinkExpired } from "@/lib/notifications/notify-link";
import { linkName } from "./link-name";

const LOOK_BACK_MS = 7 * 24 * 3600 * 1000;

export async function noticeExpiredLinks(now = new Date()): Promise<number> {
  const expired = await db.link.findMany({
    where: { expiresAt: { lte: now, gt: new Date(now.getTime() - LOOK_BACK_MS) }, expiryNoticeAt: null, revokedAt: null },
    select: { id: true, label: true, downloadCount: true, maxDownloads: true, file: { select: { id: true, name: true, ownerId: true } } },
    take: 100,
  });
  let told = 0;
  for (const link of expired) {
    await db.$transaction(async (tx) => {
      const claimed = await tx.link.updateMany({ where: { id: link.id, expiryNoticeAt: null }, data: { expiryNoticeAt: now } });
      if (claimed.count === 0 || (link.maxDownloads !== null && link.downloadCount >= link.maxDownloads)) return;
      told++;
      await notifyLinkExpired(tx, { ...link, name: linkName(link) });
    });
  }
  return told;
}
