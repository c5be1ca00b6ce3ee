// The download limit: a transfer first claims a slot with one conditional update (so N+5 concurrent
// requests on a limit of N get exactly N slots), counts as a download only when its last byte went
// out, and gives the slot back when it is aborted.
import "server-only";
import { db } from "@/lib/db";
import { availableLinkWhere } from "./access";

export async function claimDownloadSlot(linkId: string, now = new Date()): Promise<boolean> {
  const claimed = await db.link.updateMany({
    where: { AND: [{ id: linkId }, availableLinkWhere(now)] },
    data: { claimedCount: { increment: 1 } },
  });
  return claimed.count === 1;
}

export async function completeDownload(linkId: string): Promise<{ downloadCount: number; maxDownloads: number | null }> {
  return db.link.update({
    where: { id: linkId },
    data: { downloadCount: { increment: 1 } },
    select: { downloadCount: true, maxDownloads: true },
  });
}

export async function releaseDownloadSlot(linkId: string): Promise<void> {
  await db.link.updateMany({ where: { id: linkId, claimedCount: { gt: 0 } }, data: { claimedCount: { decrement: 1 } } });
}

/** At start-up no transfer is under way: slots held by a previous process are given back. */
export async function releaseStaleSlots(): Promise<void> {
  await db.$executeRaw`UPDATE "Link" SET "claimedCount" = "downloadCount" WHERE "claimedCount" <> "downloadCount"`;
}
