// Grants that let a link visitor finish a download that was cut off (see claim-download.ts and the
// LinkGrant model): made when a limited link's download claims its slot, for the network it came from and with a
// budget of one file's worth for resumes; spent when that transfer is cut off after delivering, completed when a
// transfer under it delivers the last byte. docs/decisions/045.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import type { ActivityEntry } from "@/lib/activity/record-activity";
import { GRANT_TTL_SECONDS } from "./grant-cookie";

export async function createGrant(opts: {
  linkId: string;
  /** The visitor's network (truncateAddress). */
  network: string;
  fileSize: bigint;
  now?: Date;
}): Promise<{ id: string; expiresAt: Date }> {
  const now = opts.now ?? new Date();
  return db.linkGrant.create({
    data: {
      id: randomBytes(24).toString("base64url"),
      linkId: opts.linkId,
      network: opts.network,
      resumeBudget: opts.fileSize,
      expiresAt: new Date(now.getTime() + GRANT_TTL_SECONDS * 1000),
    },
    select: { id: true, expiresAt: true },
  });
}

/** A grant this visitor may resume with: for this link and the visitor's network, spent, not completed, not expired. */
export async function findResumableGrant(opts: { linkId: string; grantId: string; network: string; now?: Date }) {
  return db.linkGrant.findFirst({
    where: {
      id: opts.grantId,
      linkId: opts.linkId,
      network: opts.network,
      spentAt: { not: null },
      completedAt: null,
      expiresAt: { gt: opts.now ?? new Date() },
    },
    select: { id: true },
  });
}

/** Takes `bytes` from what the grant may still serve, by one conditional update; false when it has less left. */
export async function reserveResume(grantId: string, bytes: number): Promise<boolean> {
  const { count } = await db.linkGrant.updateMany({
    where: { id: grantId, resumeBudget: { gte: BigInt(bytes) } },
    data: { resumeBudget: { decrement: BigInt(bytes) } },
  });
  return count === 1;
}

/**
 * Settles a resume that did not finish the download: gives back what it reserved and did not deliver, and, when it
 * delivered something, adds the line that says so to the file's trail, in one transaction.
 */
export async function settleResume(grantId: string, opts: { refund: number; activity: ActivityEntry | null }): Promise<void> {
  await db.$transaction(async (tx) => {
    const grant =
      opts.refund > 0
        ? await tx.linkGrant.updateMany({ where: { id: grantId }, data: { resumeBudget: { increment: BigInt(opts.refund) } } })
        : { count: await tx.linkGrant.count({ where: { id: grantId } }) };
    // Gone with its link (and its file): the trail went too.
    if (grant.count === 1 && opts.activity) await tx.activity.create({ data: opts.activity });
  });
}

/**
 * Marks the grant spent (its transfer was cut off after delivering) and adds the line that says so to the file's
 * trail, in one transaction. Writes nothing when the grant is gone (deleted with its link) or already spent.
 */
export async function markGrantSpent(grantId: string, activity: ActivityEntry): Promise<void> {
  await db.$transaction(async (tx) => {
    const changed = await tx.linkGrant.updateMany({ where: { id: grantId, spentAt: null }, data: { spentAt: new Date() } });
    if (changed.count === 1) await tx.activity.create({ data: activity });
  });
}

export async function dropGrant(grantId: string): Promise<void> {
  await db.linkGrant.deleteMany({ where: { id: grantId } });
}
