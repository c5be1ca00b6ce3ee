// The download limit. A transfer first claims a slot with one conditional update (so N+5 concurrent requests
// on a limit of N get exactly N slots). When it ends:
//  - it delivered the whole response: it counts as a download;
//  - it delivered more than the file's first segment and was cut off: the slot is spent (so a limit cannot
//    be drained by reading all but the last bytes and dropping the connection, over and over), and the
//    visitor's grant lets the same browser resume it with Range requests (lib/links/download-grants.ts);
//  - it delivered nothing worth counting (a refused range, a failure before the first byte, a client gone
//    at once): the slot goes back.
// A running transfer's claim is a row with a lease (DownloadClaim, docs/decisions/032): if its node dies, any node's
// sweep gives the slot back once the lease has run out; a restarting node gives back its own claims, never another's.
import "server-only";
import { db, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { SEGMENT_SIZE } from "@/lib/crypto/segmented-stream";
import type { ActivityEntry } from "@/lib/activity/record-activity";
import { availableLinkWhere } from "./access";
import { notifyLinkDownloaded } from "@/lib/notifications/notify-link";
import { linkName } from "./link-name";

/** A cut-off transfer that delivered more than this spent its slot. */
export const SPENDS_SLOT_AFTER_BYTES = SEGMENT_SIZE;

const leaseMs = () => env().DOWNLOAD_CLAIM_LEASE_SECONDS * 1000;

/**
 * Claims a slot: the link's claimedCount goes up by one with a conditional update (never past the limit), and in
 * the same transaction a DownloadClaim row records which node holds it, until when (a lease the holder renews while
 * the transfer runs). Answers the claim's id, or null when no slot is left.
 */
export async function claimDownloadSlot(linkId: string, now = new Date()): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const claimed = await tx.link.updateMany({
      where: { AND: [{ id: linkId }, availableLinkWhere(now)] },
      data: { claimedCount: { increment: 1 } },
    });
    if (claimed.count !== 1) return null;
    const claim = await tx.downloadClaim.create({
      data: { linkId, holder: env().NODE_NAME, leaseUntil: new Date(now.getTime() + leaseMs()) },
      select: { id: true },
    });
    return claim.id;
  });
}

/** Notes the visitor's grant made with the claim: if the claim expires, the grant goes with it. */
export async function attachGrant(claimId: string, grantId: string): Promise<void> {
  await db.downloadClaim.updateMany({ where: { id: claimId }, data: { grantId } });
}

/** The holder's "still running": the lease runs on. */
export async function renewClaim(claimId: string): Promise<void> {
  await db.downloadClaim.updateMany({ where: { id: claimId }, data: { leaseUntil: new Date(Date.now() + leaseMs()) } });
}

/**
 * The transfer settled: the claim goes, and with `release` (nothing worth counting was delivered) its slot too. The
 * slot goes back only with the row, in one transaction, so a claim the sweep already released is not released twice.
 */
export async function endClaim(claim: { id: string; linkId: string }, opts: { release: boolean }): Promise<void> {
  await db.$transaction(async (tx) => {
    const gone = await tx.downloadClaim.deleteMany({ where: { id: claim.id } });
    if (gone.count === 1 && opts.release) await decrementClaims(tx, claim.linkId);
  });
}

async function decrementClaims(tx: Prisma.TransactionClient, linkId: string): Promise<void> {
  await tx.link.updateMany({ where: { id: linkId, claimedCount: { gt: 0 } }, data: { claimedCount: { decrement: 1 } } });
}

/**
 * Gives back the slots of claims whose holder stopped renewing them (`expiredBefore`), or of every claim one node
 * holds (`holder`: a node that has just started holds none alive). Each claim goes in a transaction of its own whose
 * delete is conditional on what made it releasable, so a lease renewed meanwhile is kept, and a slot is given back
 * once. Its grant goes too, unless its transfer had spent the slot. Answers how many were given back.
 */
export async function releaseDeadClaims(which: { expiredBefore: Date } | { holder: string }): Promise<number> {
  const where = "holder" in which ? { holder: which.holder } : { leaseUntil: { lt: which.expiredBefore } };
  let released = 0;
  for (;;) {
    const batch = await db.downloadClaim.findMany({ where, select: { id: true, linkId: true, grantId: true }, take: 200 });
    if (batch.length === 0) return released;
    for (const claim of batch) {
      await db.$transaction(async (tx) => {
        const gone = await tx.downloadClaim.deleteMany({ where: { id: claim.id, ...where } });
        if (gone.count !== 1) return;
        await decrementClaims(tx, claim.linkId);
        if (claim.grantId) await tx.linkGrant.deleteMany({ where: { id: claim.grantId, spentAt: null, completedAt: null } });
        released++;
      });
    }
    if (batch.length < 200) return released;
  }
}

export type DownloadCounts = { downloadCount: number; maxDownloads: number | null };

/**
 * Counts a finished download and adds its line to the file's trail in one transaction: nobody ever sees the count
 * without the line. The owner's notification (downloaded; its limit reached) is written in it too. With a grant
 * (lib/links/download-grants.ts), the grant is marked completed in the same transaction, and only the first transfer
 * to complete it counts. With the transfer's claim (`claimId`), the claim goes in the same transaction, its slot
 * kept spent: a node that dies just after cannot leave a counted download's claim for the sweep to give back (which
 * would let the link be downloaded once more than its limit); had the sweep already given the slot back, it is
 * taken again. Answers the counts, or null (and writes nothing) when the link is gone (deleted with its file) or the
 * grant was already completed.
 */
export async function completeDownload(
  linkId: string,
  activity: (counts: DownloadCounts) => ActivityEntry,
  opts: { grantId?: string; claimId?: string } = {},
): Promise<DownloadCounts | null> {
  const { grantId, claimId } = opts;
  return db.$transaction(async (tx) => {
    const swept = claimId ? (await tx.downloadClaim.deleteMany({ where: { id: claimId } })).count === 0 : false;
    if (grantId) {
      const completed = await tx.linkGrant.updateMany({ where: { id: grantId, completedAt: null }, data: { completedAt: new Date() } });
      if (completed.count === 0) return null;
    }
    const changed = await tx.link.updateMany({
      where: { id: linkId },
      data: { downloadCount: { increment: 1 }, ...(swept ? { claimedCount: { increment: 1 } } : {}) },
    });
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
