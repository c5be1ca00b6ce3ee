// Removes what interrupted uploads and deletes left behind in the configured store, and never what a live upload
// holds (the store side of the sweep: its listings of blobs and of incomplete writes go through the port, so the
// same sweep cleans a folder's temporary files and a bucket's unfinished multipart uploads):
//  - PendingBlob rows of this server (NODE_NAME) that no upload holds: a crashed or killed upload. Their blobs
//    and temporary files go, and their quota reservation with the row. Other servers' rows are left for a day;
//  - incomplete writes (temporary files, multipart uploads) that no upload holds and no PendingBlob row names;
//  - blobs that neither a File row nor a PendingBlob row names, and no upload holds.
// Rows whose blob is missing are logged for the operator (never deleted). Every "is it still needed?" is
// asked after the in-process hold was checked, and the hold is released only after the row changed, so a
// sweep can never take a blob an upload is about to commit.
import "server-only";
import { db, readInOneSnapshot } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { blobStore } from "./index";
import { isBlobHeld } from "./held-blobs";

const OTHER_SERVERS_GRACE_MS = 24 * 60 * 60 * 1000;

export type SweepResult = { incompleteWrites: number; abandonedUploads: number; orphanBlobs: number; missingBlobs: number };

export async function sweepStorage(now = Date.now()): Promise<SweepResult> {
  const store = blobStore();
  const space = store.files;
  const me = env().NODE_NAME;

  let abandonedUploads = 0;
  const pending = await db.pendingBlob.findMany({ select: { storageKey: true, holder: true, createdAt: true } });
  for (const row of pending) {
    if (isBlobHeld(row.storageKey)) continue;
    const abandoned = row.holder === me || now - row.createdAt.getTime() > OTHER_SERVERS_GRACE_MS;
    if (!abandoned) continue;
    // Conditional on the row still being there: an upload that committed or failed since the listing
    // deleted it before releasing its hold.
    const removed = await db.pendingBlob.deleteMany({ where: { storageKey: row.storageKey, holder: row.holder } });
    if (removed.count === 0) continue;
    await space.remove(row.storageKey);
    abandonedUploads++;
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

  // Every row's blob key in this store, read once in pages; what the blob listing does not meet is missing.
  const unseen = new Map<string, string>(); // storageKey → file id
  for (let cursor: string | undefined; ; ) {
    const rows = await db.file.findMany({
      where: { store: store.name },
      take: 1000,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      orderBy: { id: "asc" },
      select: { id: true, storageKey: true },
    });
    for (const row of rows) unseen.set(row.storageKey, row.id);
    if (rows.length < 1000) break;
    cursor = rows[rows.length - 1].id;
  }

  let orphanBlobs = 0;
  for await (const blob of space.list()) {
    if (unseen.delete(blob.name) || isBlobHeld(blob.name)) continue;
    // One snapshot for both tables: a commit turns a PendingBlob row into a File row in one transaction.
    const [file, upload] = await readInOneSnapshot([
      db.file.findUnique({ where: { storageKey: blob.name }, select: { id: true } }),
      db.pendingBlob.findUnique({ where: { storageKey: blob.name }, select: { storageKey: true } }),
    ]);
    if (file || upload) continue;
    await space.remove(blob.name);
    orphanBlobs++;
  }
  for (const fileId of unseen.values()) logger.error({ fileId }, "file row has no blob");
  const missingBlobs = unseen.size;

  const result = { incompleteWrites, abandonedUploads, orphanBlobs, missingBlobs };
  if (incompleteWrites || abandonedUploads || orphanBlobs || missingBlobs) logger.info(result, "storage swept");
  else logger.debug(result, "storage swept");
  return result;
}
