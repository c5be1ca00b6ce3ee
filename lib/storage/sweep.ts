// The routine sweep of the configured store: its cost follows what changed since the last sweep (uploads that died,
// writes left unfinished), never the size of the store (docs/decisions/063). It removes what interrupted uploads
// left, and never what a live upload holds:
//  - PendingBlob rows of this server (NODE_NAME) that no upload holds: a crashed or killed upload. The row becomes
//    a BlobDeletion in one transaction (its quota reservation goes with the row); the blob goes with the recorded
//    deletions (lib/files/remove-deleted-blobs.ts). Other servers' rows are left for a day;
//  - incomplete writes (temporary files, multipart uploads) that no upload holds and no PendingBlob row names,
//    found by the store's own listing of incomplete writes (a temporary folder, ListMultipartUploads).
// Committed blobs that nothing records (a bug, a hand-made file) are the reconciliation's (lib/files/reconcile-storage.ts),
// which lists the whole store, weekly or by command. Every "is it still needed?" is asked after the in-process hold
// was checked, and the hold is released only after the row changed, so a sweep never takes a blob an upload is
// about to commit.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { blobStore, type BlobStore } from "./index";
import { isBlobHeld } from "./held-blobs";
import { recordBlobDeletions } from "./blob-deletions";

/** How long an upload of another server counts as alive without this server knowing (a node that never came back). */
export const OTHER_SERVERS_GRACE_MS = 24 * 60 * 60 * 1000;

export type SweepResult = { incompleteWrites: number; abandonedUploads: number };

export async function sweepStorage(opts: { now?: number; store?: BlobStore } = {}): Promise<SweepResult> {
  const now = opts.now ?? Date.now();
  const store = opts.store ?? blobStore();
  const space = store.files;
  const me = env().NODE_NAME;

  let abandonedUploads = 0;
  const pending = await db.pendingBlob.findMany({ select: { storageKey: true, holder: true, store: true, createdAt: true } });
  for (const row of pending) {
    if (isBlobHeld(row.storageKey)) continue;
    const abandoned = row.holder === me || now - row.createdAt.getTime() > OTHER_SERVERS_GRACE_MS;
    if (!abandoned) continue;
    // Conditional on the row still being there: an upload that committed or failed since the listing deleted it
    // before releasing its hold. The deletion is recorded in the same transaction as the row goes.
    const taken = await db.$transaction(async (tx) => {
      const removed = await tx.pendingBlob.deleteMany({ where: { storageKey: row.storageKey, holder: row.holder } });
      if (removed.count === 0) return false;
      await recordBlobDeletions(tx, [{ storageKey: row.storageKey, store: row.store }]);
      return true;
    });
    if (taken) abandonedUploads++;
  }

  // After the abandoned rows went: an incomplete write with a row is a live upload's (its row exists before its
  // first byte). Every write begun before now is listed; the rows decide.
  let incompleteWrites = 0;
  for await (const write of space.listIncompleteWrites(new Date(now))) {
    if (write.name && isBlobHeld(write.name)) continue;
    if (write.name && (await db.pendingBlob.findUnique({ where: { storageKey: write.name }, select: { storageKey: true } }))) continue;
    await space.removeIncompleteWrite(write);
    incompleteWrites++;
  }

  const result = { incompleteWrites, abandonedUploads };
  if (incompleteWrites || abandonedUploads) logger.info(result, "storage swept");
  else logger.debug(result, "storage swept");
  return result;
}
