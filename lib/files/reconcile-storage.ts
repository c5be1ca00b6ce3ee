// The reconciliation: the one pass that lists the whole configured store, to find what no record explains (a blob
// nothing names, after a bug, a restore or a hand-made copy; a preview whose file is gone or lives elsewhere) and to
// report File rows whose blob is missing. The routine sweep never lists the store (docs/decisions/063); this runs
// by command (`npm run storage:reconcile`) and, every RECONCILE_INTERVAL_HOURS, on whichever node claims it first.
import "server-only";
import { db, isUniqueViolation, readInOneSnapshot } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { blobStore, type BlobStore } from "@/lib/storage";
import { isBlobHeld } from "@/lib/storage/held-blobs";
import { fileIdOfPreview } from "./preview-cache";

export type ReconcileResult = { orphanBlobs: number; missingBlobs: number; orphanPreviews: number };

/** Where the last reconciliation's start is kept (an ISO time: its strings sort as the times do). */
const LAST_RECONCILIATION = "storage.lastReconciliation";

export async function reconcileStorage(opts: { store?: BlobStore } = {}): Promise<ReconcileResult> {
  const store = opts.store ?? blobStore();
  const space = store.files;

  // Every row's blob key in this store, read once in pages; what the blob listing does not meet is missing.
  const unseen = new Map<string, string>(); // storageKey → file id
  for (let cursor: string | undefined; ;) {
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
    // One snapshot for both tables: a commit turns a PendingBlob row into a File row in one transaction. A row
    // exists before an upload's first byte, so "listed, then no row" is never a live upload.
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

  // A preview stays only while its file exists and keeps its blob in this store.
  let orphanPreviews = 0;
  for await (const preview of store.previews.list()) {
    const fileId = fileIdOfPreview(preview.name);
    const file = fileId ? await db.file.findUnique({ where: { id: fileId }, select: { store: true } }) : null;
    if (file?.store === store.name) continue;
    await store.previews.remove(preview.name);
    orphanPreviews++;
  }

  const result = { orphanBlobs, missingBlobs, orphanPreviews };
  logger.info({ ...result, store: store.name }, "storage reconciled");
  return result;
}

/**
 * Runs the reconciliation when the last one (on any node) began more than RECONCILE_INTERVAL_HOURS ago, or never
 * did (the first start of an installation, or of one upgraded from the sweep that listed everything); claimed by a
 * conditional write, so one node of several runs it. Answers its result, or null when it was not due.
 */
export async function reconcileStorageIfDue(now = Date.now()): Promise<ReconcileResult | null> {
  const hours = env().RECONCILE_INTERVAL_HOURS;
  if (hours === 0) return null;
  const started = new Date(now).toISOString();
  let claimed: boolean;
  try {
    await db.appSetting.create({ data: { key: LAST_RECONCILIATION, value: started } });
    claimed = true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const cutoff = new Date(now - hours * 3_600_000).toISOString();
    const taken = await db.appSetting.updateMany({
      where: { key: LAST_RECONCILIATION, value: { lte: cutoff } },
      data: { value: started },
    });
    claimed = taken.count === 1;
  }
  return claimed ? reconcileStorage() : null;
}
