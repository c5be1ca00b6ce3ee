// The record of an upload under way, kept in step with its blob: a PendingBlob row (and this server's hold)
// from before the first byte until the File row commits, the quota it claims as its bytes arrive, and the
// clean-up when it fails. The sweeper (lib/storage/sweep.ts) handles the rows of uploads that died with
// their server.
import "server-only";
import { db, lockUserForQuota } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { blobStore, storeNamed, type StoreName } from "@/lib/storage";
import { recordBlobDeletions } from "@/lib/storage/blob-deletions";
import { holdBlob, releaseBlob } from "@/lib/storage/held-blobs";
import { logger } from "@/lib/logger";

/** Quota is claimed in steps of this size (or less, near the quota), not once per chunk. */
export const RESERVATION_STEP = 32 * 1024 * 1024;

export async function beginPendingBlob(opts: { storageKey: string; userId: string; store: StoreName }): Promise<void> {
  holdBlob(opts.storageKey);
  try {
    await db.pendingBlob.create({
      data: { storageKey: opts.storageKey, userId: opts.userId, holder: env().NODE_NAME, store: opts.store },
    });
  } catch (error) {
    releaseBlob(opts.storageKey);
    throw error;
  }
}

/**
 * Claims `bytes` more of the owner's quota for this upload, in one conditional statement under the owner's row
 * lock: the owner's stored bytes plus every reservation of theirs stays within the quota, however many uploads
 * run at once, on however many nodes.
 */
async function claim(opts: { storageKey: string; userId: string; bytes: number; quota: number }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lockUserForQuota(tx, opts.userId);
    const changed = await tx.$executeRaw`
      UPDATE "PendingBlob" SET "reservedBytes" = "reservedBytes" + ${opts.bytes}
      WHERE "storageKey" = ${opts.storageKey}
        AND (SELECT "storageUsed" FROM "User" WHERE "id" = ${opts.userId})
          + (SELECT COALESCE(SUM("reservedBytes"), 0) FROM "PendingBlob" WHERE "userId" = ${opts.userId})
          + ${opts.bytes} <= ${opts.quota}`;
    return changed === 1;
  });
}

/**
 * Makes sure `size` bytes of this upload are covered by its reservation. It claims ahead what the part may
 * still need (`ahead`: what the request declared and has not used, or a step when it declared nothing),
 * so a doomed upload is refused early and the first of two uploads racing for the last room wins; near the
 * quota, exactly what is needed now. Also refuses when the disk would drop under MIN_FREE_DISK.
 * Answers the bytes now reserved.
 */
export async function reserveFor(opts: {
  storageKey: string;
  userId: string;
  size: number;
  reserved: number;
  /** The most this part may still hold: its remaining declared bytes, or null when nothing was declared. */
  ahead: number | null;
  quotaMessage: string;
}): Promise<number> {
  if (opts.size <= opts.reserved) return opts.reserved;
  const need = opts.size - opts.reserved;
  const preferred = Math.max(need, opts.ahead ?? RESERVATION_STEP);
  await assertDiskRoom(preferred);
  for (const bytes of preferred > need ? [preferred, need] : [need]) {
    if (await claim({ storageKey: opts.storageKey, userId: opts.userId, bytes, quota: env().USER_QUOTA })) return opts.reserved + bytes;
  }
  throw new AppError("too_large", opts.quotaMessage);
}

/** Refuses (507) when writing `bytes` more would leave the storage under MIN_FREE_DISK (where the store has a limit). */
export async function assertDiskRoom(bytes: number): Promise<void> {
  const free = await blobStore().freeBytes();
  if (free !== null && free - bytes < env().MIN_FREE_DISK) {
    throw new AppError(
      "insufficient_storage",
      "The server is running out of storage space, so it is not taking uploads now. Try again later.",
    );
  }
}

/**
 * Removes what failed uploads wrote (their committed blobs: an upload's writer removes its own unfinished write),
 * their rows and their reservations; a blob whose removal failed is recorded as deleted in the same transaction as
 * its row goes, for the sweeper to retry. Releases their holds last.
 */
export async function abandonPendingBlobs(blobs: { storageKey: string; store: StoreName }[]): Promise<void> {
  if (blobs.length === 0) return;
  const failed: typeof blobs = [];
  await Promise.all(
    blobs.map((blob) =>
      storeNamed(blob.store)
        .files.remove(blob.storageKey)
        .catch((error) => {
          failed.push(blob);
          logger.warn({ err: error }, "blob removal failed; the sweeper will retry");
        }),
    ),
  );
  await db.$transaction(async (tx) => {
    await tx.pendingBlob.deleteMany({ where: { storageKey: { in: blobs.map((blob) => blob.storageKey) } } });
    await recordBlobDeletions(tx, failed);
  });
  for (const blob of blobs) releaseBlob(blob.storageKey);
}

/** After the File rows committed (the rows went in the same transaction): only the holds remain. */
export function releaseCommittedBlobs(storageKeys: string[]): void {
  for (const key of storageKeys) releaseBlob(key);
}
