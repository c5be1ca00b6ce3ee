// Removes the blobs recorded as deleted (BlobDeletion rows, docs/decisions/063) and, for a file, its previews, from
// the store the row names. Deleting a file tries at once; what fails or is cut off by a crash is tried again by
// every sweep, with a growing wait between attempts, until it goes. A blob an upload may still be writing (its
// account was deleted under it) is left to the server writing it, once it no longer holds it.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { storeOf, type BlobStore } from "@/lib/storage";
import { isBlobHeld } from "@/lib/storage/held-blobs";
import { removeCachedPreviews } from "./preview-cache";

type RecordedDeletion = { storageKey: string; store: string; fileId: string | null; attempts: number };

/**
 * How long a blob recorded with another server's name (an account deleted during that server's upload) is left to
 * that server, which removes it once its upload lets go; after this, any server does (the holder never came back).
 */
const OTHER_SERVERS_GRACE_MS = 24 * 60 * 60 * 1000;

const BATCH = 100;
const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** The wait before attempt number `attempts + 1`: 30 s, doubling, at most an hour. */
const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.min(attempts, 20));

/**
 * Removes one recorded blob (and its file's previews) and then its row; on failure records the attempt and when
 * to try again. Answers whether it went. `stores` stands in for the configured stores (a test counts their calls).
 */
export async function removeDeletedBlob(
  row: RecordedDeletion,
  opts: { now?: number; stores?: (name: string) => BlobStore } = {},
): Promise<boolean> {
  const storeFor = opts.stores ?? ((name: string) => storeOf({ store: name }));
  try {
    const store = storeFor(row.store);
    await store.files.remove(row.storageKey);
    if (row.fileId) await removeCachedPreviews(row.fileId, store);
  } catch (error) {
    const attempts = row.attempts + 1;
    const { name, message } = error as Error;
    await db.blobDeletion.updateMany({
      where: { storageKey: row.storageKey },
      data: {
        attempts,
        nextAttemptAt: new Date((opts.now ?? Date.now()) + backoffMs(attempts)),
        lastError: `${name}: ${message}`.slice(0, 500),
      },
    });
    logger.warn(
      { storageKey: row.storageKey, store: row.store, attempts, err: { name, message } },
      "blob removal failed; the sweeper will retry",
    );
    return false;
  }
  await db.blobDeletion.deleteMany({ where: { storageKey: row.storageKey } });
  return true;
}

/** Every recorded deletion that is due now, in batches; answers how many blobs went and how many failed. */
export async function removeDeletedBlobs(opts: { now?: number; stores?: (name: string) => BlobStore } = {}) {
  const now = opts.now ?? Date.now();
  const me = env().NODE_NAME;
  const due = {
    // Deletions recorded since `now` was taken (this sweep's abandoned uploads) are due too.
    nextAttemptAt: { lte: new Date(Math.max(now, Date.now())) },
    OR: [{ holder: null }, { holder: me }, { createdAt: { lt: new Date(now - OTHER_SERVERS_GRACE_MS) } }],
  };
  let removed = 0;
  let failed = 0;
  // Keyset pages over the due rows: a failed one moves its nextAttemptAt past now and so leaves the set.
  for (let after = ""; ;) {
    const rows = await db.blobDeletion.findMany({
      where: { ...due, storageKey: { gt: after } },
      orderBy: { storageKey: "asc" },
      take: BATCH,
      select: { storageKey: true, store: true, fileId: true, attempts: true },
    });
    for (const row of rows) {
      if (isBlobHeld(row.storageKey)) continue;
      if (await removeDeletedBlob(row, { now, stores: opts.stores })) removed++;
      else failed++;
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1].storageKey;
  }
  if (removed || failed) logger.info({ removed, failed }, "deleted blobs removed");
  return { removed, failed };
}
