// The download limit. A transfer first claims a slot with one conditional update (so N+5 concurrent requests
// on a limit of N get exactly N slots). When it ends:
//  - it delivered the whole response: it counts as a download;
//  - it delivered more than the file's first segment and was cut off: the slot is spent (so a limit cannot
//    be drained by reading all but the last bytes and dropping the connection, over and over), and the
//    visitor's grant lets the same browser resume it with Range requests (lib/links/download-grants.ts);
//  - it delivered nothing worth counting (a refused range, a failure before the first byte, a client gone
//    at once): the slot goes back.
import "server-only";
import { db } from "@/lib/db";
import { SEGMENT_SIZE } from "@/lib/crypto/segmented-stream";
import type { ActivityEntry } from "@/lib/activity/record-activity";
import { availableLinkWhere } from "./access";
import { notifyLinkDownloaded } from "@/lib/notifications/notify-link";
import { linkName } from "./create-link";

/** A cut-off transfer that delivered more than this spent its slot. */
export const SPENDS_SLOT_AFTER_BYTES = SEGMENT_SIZE;

export async function claimDownloadSlot(linkId: string, now = new Date()): Promise<boolean> {
  const claimed = await db.link.updateMany({
    where: { AND: [{ id: linkId }, availableLinkWhere(now)] },
    data: { claimedCount: { increment: 1 } },
  });
  return claimed.count === 1;
}

export type DownloadCounts = { downloadCount: number; maxDownloads: number | null };

/**
 * Counts a finished download and adds its line to the file's trail in one transaction: nobody ever sees the count
 * without the line. The owner's notification (downloaded; its limit reached) is written in it too. With a grant (lib/links/download-grants.ts), the grant is marked completed in the same
 * transaction, and only the first transfer to complete it counts. Answers the counts, or null (and writes nothing)
 * when the link is gone (deleted with its file) or the grant was already completed.
 */
export async function completeDownload(
  linkId: string,
  activity: (counts: DownloadCounts) => ActivityEntry,
  grantId?: string,
): Promise<DownloadCounts | null> {
  return db.$transaction(async (tx) => {
    if (grantId) {
      const completed = await tx.linkGrant.updateMany({ where: { id: grantId, completedAt: null }, data: { completedAt: new Date() } });
      if (completed.count === 0) return null;
    }
    const changed = await tx.link.updateMany({ where: { id: linkId }, data: { downloadCount: { increment: 1 } } });
    if (changed.count === 0) return null;
    const link = await tx.link.findUniqueOrThrow({
      where: { id: linkId },
      select: { id: true, label: true, downloadCount: true, maxDownloads: true, file: { select: { id: true, name: true, ownerId: true } } },
    });
    const counts = { downloadCount: link.downloadCount, maxDownloads: link.maxDownloads };
    await tx.activity.create({ data: activity(counts) });
    await notifyLinkDownloaded(tx, { ...link, name: linkName(link) });
    return counts;
  });
}

export async function releaseDownloadSlot(linkId: string): Promise<void> {
  await db.link.updateMany({ where: { id: linkId, claimedCount: { gt: 0 } }, data: { claimedCount: { decrement: 1 } } });
}

/**
 * At start-up no transfer is under way: a slot claimed by a transfer of the previous process is spent if a
 * grant says it was cut off after delivering, and given back otherwise.
 */
export async function releaseStaleSlots(): Promise<void> {
  await db.$executeRaw`
    UPDATE "Link" SET "claimedCount" = "downloadCount"
      + (SELECT COUNT(*) FROM "LinkGrant" g WHERE g."linkId" = "Link"."id" AND g."spentAt" IS NOT NULL AND g."completedAt" IS NULL)
`;
  // Grants whose transfer never got far enough to spend its slot died with it.
  await db.linkGrant.deleteMany({ where: { spentAt: null, completedAt: null } });
}
