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
  let orphanBlobs = 0;
  for await (const blob of store.listBlobs()) {
    if (now - blob.modifiedMs < ORPHAN_MIN_AGE_MS) continue;
    const row = await db.file.findUnique({ where: { storageKey: blob.key }, select: { id: true } });
    if (!row) {
      await store.remove(blob.key);
      orphanBlobs++;
    }
  }
  let missingBlobs = 0;
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.file.findMany({
      take: 500,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      orderBy: { id: "asc" },
      select: { id: true, storageKey: true },
    });
    for (const row of rows) {
      if ((await store.size(row.storageKey)) === null) {
        missingBlobs++;
        logger.error({ fileId: row.id }, "file row has no blob");
      }
    }
    if (rows.length < 500) break;
    cursor = rows[rows.length - 1].id;
  }
  if (staleTemporaryFiles || orphanBlobs || missingBlobs) {
    logger.info({ staleTemporaryFiles, orphanBlobs, missingBlobs }, "storage swept");
  }
  return { staleTemporaryFiles, orphanBlobs, missingBlobs };
}
