// An upload under way is an upload session: a PendingBlob row (and this server's hold) from before the first byte until
// the File row commits, the quota it claims as its bytes arrive, and the clean-up when it fails. The row is a lease
// (docs/decisions/065): its holder (NODE_NAME) renews it while the upload runs, and once it has run out any node's
// sweep takes the row, gives its reservation back and records its blob for removal. A restarting node gives back its
// own at once (none can be alive), and a node shutting down can do the same with releaseUploadLeasesOf. A session of a
// visitor's upload through a file request gives the request's share back with it (docs/decisions/079).
import "server-only";
import { db, lockUserForQuota, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { blobStore, storeNamed, type StoreName } from "@/lib/storage";
import { recordBlobDeletions } from "@/lib/storage/blob-deletions";
import { heldBlobs, holdBlob, isBlobHeld, releaseBlob } from "@/lib/storage/held-blobs";
import { logger } from "@/lib/logger";
import { giveBackRequestShare } from "./request-reservations";

const leaseMs = () => env().UPLOAD_LEASE_SECONDS * 1000;

/** How often a node renews its uploads' leases: a quarter of the lease (at least 5 s), so three renewals may fail. */
export const uploadLeaseRenewalMs = () => Math.max(5_000, leaseMs() / 4);

/** The session was swept while it ran (its node lost the database for a whole lease): it cannot commit. */
const leaseLost = () =>
  new AppError("unavailable", "The upload lost its place on the server (the database was out of reach too long). Try again.");

export async function beginPendingBlob(opts: { storageKey: string; userId: string; store: StoreName }): Promise<void> {
  holdBlob(opts.storageKey);
  try {
    await db.pendingBlob.create({
      data: {
        storageKey: opts.storageKey,
        userId: opts.userId,
        holder: env().NODE_NAME,
        store: opts.store,
        leaseUntil: new Date(Date.now() + leaseMs()),
      },
    });
  } catch (error) {
    releaseBlob(opts.storageKey);
    throw error;
  }
}

/**
 * The holder's "still running", for every upload this process holds, in one statement per 500: the leases run on.
 * Answers how many sessions were renewed (one swept meanwhile is not there to renew: its upload fails at its next
 * quota claim or at its commit).
 */
export async function renewUploadLeases(now = Date.now()): Promise<number> {
  const keys = heldBlobs();
  let renewed = 0;
  for (let at = 0; at < keys.length; at += 500) {
    const batch = keys.slice(at, at + 500);
    const changed = await db.pendingBlob.updateMany({
      where: { storageKey: { in: batch }, holder: env().NODE_NAME },
      data: { leaseUntil: new Date(now + leaseMs()) },
    });
    renewed += changed.count;
  }
  return renewed;
}

/**
 * Gives back the upload sessions whose lease ran out before `expiredBefore` (a node that died or lost the database),
 * except those this process holds (alive: their renewal failed, and the next one will succeed).
 */
export function releaseExpiredUploads(expiredBefore: Date): Promise<number> {
  return releaseUploads({ leaseUntil: { lt: expiredBefore } }, { skipHeld: true });
}

/**
 * Gives back every upload session recorded under `holder`: for a node that has just started (none of its uploads
 * can be alive) or is shutting down once its uploads were cut off. An upload of this process that still runs loses
 * its session: it fails at its next quota claim or at its commit, and never commits a blob that was recorded for
 * removal. Answers how many were given back.
 */
export function releaseUploadLeasesOf(holder: string): Promise<number> {
  // A resumable upload's session is no node's: it waits for its next request, on whichever node, until it expires.
  return releaseUploads({ holder, resumable: { is: null } }, { skipHeld: false });
}

/**
 * Each session in a transaction of its own whose delete is conditional on what made it releasable (so a lease
 * renewed meanwhile is kept): its reservation goes with the row, and its blob is recorded for the sweeper to remove
 * (lib/files/remove-deleted-blobs.ts; an unfinished write goes with the sweep's pass over unfinished writes).
 */
async function releaseUploads(where: Prisma.PendingBlobWhereInput, opts: { skipHeld: boolean }): Promise<number> {
  let released = 0;
  let after = "";
  for (;;) {
    const batch = await db.pendingBlob.findMany({
      where: { ...where, storageKey: { gt: after } },
      orderBy: { storageKey: "asc" },
      select: { storageKey: true, store: true },
      take: 200,
    });
    for (const row of batch) {
      if (opts.skipHeld && isBlobHeld(row.storageKey)) continue;
      await db.$transaction(async (tx) => {
        // Looked up first: the row's storageKey is cleared with the session (onDelete: SetNull).
        const resumable = await tx.resumableUpload.findUnique({ where: { storageKey: row.storageKey }, select: { id: true } });
        const gone = await tx.pendingBlob.deleteMany({ where: { ...where, storageKey: row.storageKey } });
        if (gone.count !== 1) return;
        await recordBlobDeletions(tx, [{ storageKey: row.storageKey, store: row.store }]);
        // A visitor's upload through a file request that expired gives the request's share back.
        if (resumable) await giveBackRequestShare(tx, resumable.id);
        released++;
      });
    }
    if (batch.length < 200) return released;
    after = batch[batch.length - 1].storageKey;
  }
}

/** Quota is claimed in steps of this size (or less, near the quota), not once per chunk. */
export const RESERVATION_STEP = 32 * 1024 * 1024;

/**
 * Claims `bytes` more of the owner's quota for this upload, in one conditional statement under the owner's row
 * lock: the owner's stored bytes plus every reservation of theirs stays within the quota, however many uploads
 * run at once, on however many nodes.
 */
async function claim(opts: { storageKey: string; userId: string; bytes: number; quota: number }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lockUserForQuota(tx, opts.userId);
    return claimIn(tx, opts);
  });
}

/** The claim inside a transaction that already holds the owner's row lock (lockUserForQuota). */
async function claimIn(
  tx: Prisma.TransactionClient,
  opts: { storageKey: string; userId: string; bytes: number; quota: number },
): Promise<boolean> {
  const changed = await tx.$executeRaw`
    UPDATE "PendingBlob" SET "reservedBytes" = "reservedBytes" + ${opts.bytes}
    WHERE "storageKey" = ${opts.storageKey}
      AND (SELECT "storageUsed" FROM "User" WHERE "id" = ${opts.userId})
        + (SELECT COALESCE(SUM("reservedBytes"), 0) FROM "PendingBlob" WHERE "userId" = ${opts.userId})
        + ${opts.bytes} <= ${opts.quota}`;
  return changed === 1;
}

/**
 * A resumable upload's session (lib/files/resumable-uploads.ts): its row, with the whole declared length reserved
 * at once, and `create` (its ResumableUpload row), in one transaction under the owner's row lock. Nobody holds it
 * in memory: its lease is the upload's expiry, renewed by each request that writes it. Refuses with `quotaMessage`
 * when the length does not fit.
 */
export async function beginResumableSession<T>(opts: {
  storageKey: string;
  userId: string;
  store: StoreName;
  bytes: number;
  expiresAt: Date;
  quotaMessage: string;
  create: (tx: Prisma.TransactionClient) => Promise<T>;
}): Promise<T> {
  await assertDiskRoom(opts.bytes);
  return db.$transaction(async (tx) => {
    await lockUserForQuota(tx, opts.userId);
    await tx.pendingBlob.create({
      data: { storageKey: opts.storageKey, userId: opts.userId, holder: env().NODE_NAME, store: opts.store, leaseUntil: opts.expiresAt },
    });
    const claimed = await claimIn(tx, { storageKey: opts.storageKey, userId: opts.userId, bytes: opts.bytes, quota: env().USER_QUOTA });
    if (!claimed) throw new AppError("quota_exceeded", opts.quotaMessage);
    return opts.create(tx);
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
  // Only the answer's wording: the claim refused either way.
  if ((await db.pendingBlob.count({ where: { storageKey: opts.storageKey } })) === 0) throw leaseLost();
  throw new AppError("quota_exceeded", opts.quotaMessage);
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

/**
 * In the transaction that records the uploads' File rows: their sessions end, and their reservations with them. A
 * session that is no longer there was swept (its lease ran out): its blob is recorded for removal, so the commit fails.
 */
export async function endPendingBlobs(tx: Prisma.TransactionClient, storageKeys: string[]): Promise<void> {
  const ended = await tx.pendingBlob.deleteMany({ where: { storageKey: { in: storageKeys }, holder: env().NODE_NAME } });
  if (ended.count !== storageKeys.length) throw leaseLost();
}

/** After the File rows committed (the rows went in the same transaction): only the holds remain. */
export function releaseCommittedBlobs(storageKeys: string[]): void {
  for (const key of storageKeys) releaseBlob(key);
}

/**
 * For the routine sweep, after expired sessions were given back: the records of resumable uploads that expired
 * (finished ones kept theirs for UPLOAD_EXPIRY_HOURS; abandoned ones lost their session). Answers how many went.
 */
export async function removeExpiredResumableUploads(now = new Date()): Promise<number> {
  const gone = await db.resumableUpload.deleteMany({ where: { expiresAt: { lt: now }, storageKey: null } });
  return gone.count;
}
