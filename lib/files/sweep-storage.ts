// The routine sweep of the configured store: its cost follows what changed since the last sweep (uploads that died,
// writes left unfinished), never the size of the store (docs/decisions/063). It removes what interrupted uploads
// left, and never what a live upload holds:
//  - upload sessions (PendingBlob rows) whose lease ran out: a node that died or lost the database mid-upload. Each
//    row becomes a BlobDeletion in one transaction (its quota reservation goes with the row); the blob goes with the
//    recorded deletions (lib/files/remove-deleted-blobs.ts). A live upload's node renews its lease (docs/decisions/065);
//  - incomplete writes (temporary files, multipart uploads, resumable writes' tails) that no upload holds and no
//    PendingBlob row names, found by the store's own listing of incomplete writes (a temporary folder,
//    ListMultipartUploads). A resumable upload's session lives until the upload expires, so a paused one is kept;
//  - resumable uploads' records past their expiry (lib/files/resumable-uploads.ts).
// Committed blobs that nothing records (a bug, a hand-made file) are the reconciliation's (lib/files/reconcile-storage.ts),
// which lists the whole store, weekly or by command. Every "is it still needed?" is asked after the in-process hold
// was checked, and the hold is released only after the row changed, so a sweep never takes a blob an upload is
// about to commit.
import "server-only";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { blobStore, type BlobStore } from "@/lib/storage";
import { isBlobHeld } from "@/lib/storage/held-blobs";
import { releaseExpiredUploads, removeExpiredResumableUploads } from "./upload-sessions";

export type SweepResult = { incompleteWrites: number; abandonedUploads: number; expiredResumable: number };

export async function sweepStorage(opts: { now?: number; store?: BlobStore } = {}): Promise<SweepResult> {
  const now = opts.now ?? Date.now();
  const store = opts.store ?? blobStore();
  const space = store.files;

  const abandonedUploads = await releaseExpiredUploads(new Date(now));

  // After the abandoned rows went: an incomplete write with a row is a live upload's (its row exists before its
  // first byte). Every write begun before now is listed; the rows decide.
  let incompleteWrites = 0;
  for await (const write of space.listIncompleteWrites(new Date(now))) {
    if (write.name && isBlobHeld(write.name)) continue;
    if (write.name && (await db.pendingBlob.findUnique({ where: { storageKey: write.name }, select: { storageKey: true } }))) continue;
    await space.removeIncompleteWrite(write);
    incompleteWrites++;
  }

  // Resumable uploads' records past their expiry: their sessions went above (or with their file), their bytes here.
  const expiredResumable = await removeExpiredResumableUploads(new Date(now));

  const result = { incompleteWrites, abandonedUploads, expiredResumable };
  if (incompleteWrites || abandonedUploads) logger.info(result, "storage swept");
  else logger.debug(result, "storage swept");
  return result;
}
