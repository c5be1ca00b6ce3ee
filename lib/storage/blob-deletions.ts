// Blobs to remove, recorded in the database in the same transaction that forgets them (docs/decisions/063): a crash
// or a store that fails between that commit and the removal leaves a BlobDeletion row, which the sweeper works
// through with retries, instead of an orphan that only a listing of the whole store would find.
import "server-only";
import type { Prisma } from "@/lib/db";
import type { StoreName } from "./blob-store";

export type BlobDeletionEntry = {
  storageKey: string;
  store: StoreName | string;
  /** The file whose previews go with the blob; none for an upload that never became a file. */
  fileId?: string | null;
  /** NODE_NAME of a server whose upload may still be writing the blob (an account deleted during its upload). */
  holder?: string | null;
};

/**
 * Records blobs to remove, inside the caller's transaction (at most 500 rows per statement). A blob already recorded
 * is recorded afresh (its attempts start again).
 */
export async function recordBlobDeletions(tx: Prisma.TransactionClient, entries: BlobDeletionEntry[]): Promise<void> {
  for (let at = 0; at < entries.length; at += 500) {
    const batch = entries.slice(at, at + 500);
    await tx.blobDeletion.deleteMany({ where: { storageKey: { in: batch.map((entry) => entry.storageKey) } } });
    await tx.blobDeletion.createMany({
      data: batch.map((entry) => ({
        storageKey: entry.storageKey,
        store: entry.store,
        fileId: entry.fileId ?? null,
        holder: entry.holder ?? null,
      })),
    });
  }
}
