// Removes what interrupted uploads and deletes left behind, and never what a live upload holds:
//  - temporary files no upload of this server holds;
//  - PendingBlob rows of this server (NODE_NAME) that no upload holds: a crashed or killed upload. Their blobs
//    and temporary files go, and their quota reservation with the row. Other servers' rows are left for a day;
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

export type SweepResult = { temporaryFiles: number; abandonedUploads: number; orphanBlobs: number; missingBlobs: number };

export async function sweepStorage(now = Date.now()): Promise<SweepResult> {
  const store = blobStore();
  const me = env().NODE_NAME;

  let temporaryFiles = 0;
  for await (const temporary of store.listTemporaryFiles()) {
    if (temporary.key && isBlobHeld(temporary.key)) continue;
    await store.removeTemporaryFile(temporary.name);
    temporaryFiles++;
  }

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
    await store.remove(row.storageKey);
    abandonedUploads++;
  }

  // Every row's blob key, read once in pages; what the blob listing does not meet is missing.
  const unseen = new Map<string, string>(); // storageKey → file id
  for (let cursor: string | undefined; ; ) {
    const rows = await db.file.findMany({
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
  for await (const blob of store.listBlobs()) {
    if (unseen.delete(blob.key) || isBlobHeld(blob.key)) continue;
    // One snapshot for both tables: a commit turns a PendingBlob row into a File row in one transaction.
    const [file, upload] = await readInOneSnapshot([
      db.file.findUnique({ where: { storageKey: blob.key }, select: { id: true } }),
      db.pendingBlob.findUnique({ where: { storageKey: blob.key }, select: { storageKey: true } }),
    ]);
    if (file || upload) continue;
    await store.remove(blob.key);
    orphanBlobs++;
  }
  for (const fileId of unseen.values()) logger.error({ fileId }, "file row has no blob");
  const missingBlobs = unseen.size;

  const result = { temporaryFiles, abandonedUploads, orphanBlobs, missingBlobs };
  if (temporaryFiles || abandonedUploads || orphanBlobs || missingBlobs) logger.info(result, "storage swept");
  else logger.debug(result, "storage swept");
  return result;
}
