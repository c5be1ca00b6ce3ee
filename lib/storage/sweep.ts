// Removes what an interrupted upload or delete left behind: stale temporary files and blobs that
// no row points to. Rows whose blob is missing are logged for the operator (never deleted).
import "server-only";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { blobStore } from "./index";

const TEMP_MAX_AGE_MS = 60 * 60 * 1000;
// A blob is written before its row is committed; give an upload in flight time to finish.
const ORPHAN_MIN_AGE_MS = 15 * 60 * 1000;

export async function sweepStorage(now = Date.now()) {
  const store = blobStore();
  const staleTemporaryFiles = await store.removeStaleTemporaryFiles(TEMP_MAX_AGE_MS);

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
    if (unseen.delete(blob.key)) continue;
    // A blob is written before its row; a young one may belong to an upload still committing (or to
    // a row created after the listing above), so only old orphans go.
    if (now - blob.modifiedMs < ORPHAN_MIN_AGE_MS) continue;
    if (await db.file.findUnique({ where: { storageKey: blob.key }, select: { id: true } })) continue;
    await store.remove(blob.key);
    orphanBlobs++;
  }
  for (const fileId of unseen.values()) logger.error({ fileId }, "file row has no blob");
  const missingBlobs = unseen.size;

  if (staleTemporaryFiles || orphanBlobs || missingBlobs) {
    logger.info({ staleTemporaryFiles, orphanBlobs, missingBlobs }, "storage swept");
  }
  return { staleTemporaryFiles, orphanBlobs, missingBlobs };
}
