// Grants that let a link visitor finish a download that was cut off (see claim-download.ts and the
// LinkGrant model): made when a limited link's download claims its slot, spent when that transfer is cut
// off after delivering, completed when a transfer under it delivers the last byte.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import type { ActivityEntry } from "@/lib/activity/record-activity";
import { GRANT_TTL_SECONDS } from "./grant-cookie";

export async function createGrant(linkId: string, now = new Date()): Promise<{ id: string; expiresAt: Date }> {
  return db.linkGrant.create({
    data: { id: randomBytes(24).toString("base64url"), linkId, expiresAt: new Date(now.getTime() + GRANT_TTL_SECONDS * 1000) },
    select: { id: true, expiresAt: true },
  });
}

/** A grant this visitor may resume with: for this link, spent, not completed, not expired. */
export async function findResumableGrant(opts: { linkId: string; grantId: string; now?: Date }) {
  return db.linkGrant.findFirst({
    where: { id: opts.grantId, linkId: opts.linkId, spentAt: { not: null }, completedAt: null, expiresAt: { gt: opts.now ?? new Date() } },
    select: { id: true },
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
