// Deletes a file the user manages: the row (and, through cascades, its shares and links), the quota it used and the
// record that its blob and previews are to go, in one transaction; the blob is removed right after, and a removal
// that fails or is cut off by a crash is the sweeper's to retry (lib/files/remove-deleted-blobs.ts).
import "server-only";
import { db } from "@/lib/db";
import { recordBlobDeletions } from "@/lib/storage/blob-deletions";
import { audit } from "@/lib/audit";
import { endTransfers } from "@/lib/running-transfers";
import { manageableFileWhere } from "./access";
import { removeDeletedBlob } from "./remove-deleted-blobs";

export async function deleteFile(opts: { fileId: string; userId: string }): Promise<{ name: string } | null> {
  const deleted = await db.$transaction(async (tx) => {
    const file = await tx.file.findFirst({
      where: { id: opts.fileId, ...manageableFileWhere(opts.userId) },
      select: { id: true, name: true, size: true, storageKey: true, store: true, ownerId: true },
    });
    if (!file) return null;
    // Conditional on the row: of two deletes racing, one deletes it, and only that one gives the quota back.
    const gone = await tx.file.deleteMany({ where: { id: file.id } });
    if (gone.count === 0) return null;
    await tx.user.update({ where: { id: file.ownerId }, data: { storageUsed: { decrement: file.size } } });
    await recordBlobDeletions(tx, [{ storageKey: file.storageKey, store: file.store, fileId: file.id }]);
    return file;
  });
  if (!deleted) return null;
  // Downloads under way stop here: the bytes already sent are sent, nothing more.
  endTransfers({ fileId: deleted.id });
  await audit({ kind: "file.deleted", userId: opts.userId, detail: `${deleted.name} (${deleted.id})`, fileName: deleted.name });
  await removeDeletedBlob({ storageKey: deleted.storageKey, store: deleted.store, fileId: deleted.id, attempts: 0 });
  return { name: deleted.name };
}
