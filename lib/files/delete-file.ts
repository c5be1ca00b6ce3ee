// Deletes a file the user manages: the row (and, through cascades, its shares and links) and the
// quota it used go in one transaction; the blob goes after, and the sweeper catches any leftover.
import "server-only";
import { db } from "@/lib/db";
import { storeOf } from "@/lib/storage";
import { logger } from "@/lib/logger";
import { audit } from "@/lib/audit";
import { endTransfers } from "@/lib/running-transfers";
import { manageableFileWhere } from "./access";
import { removeCachedPreviews } from "./preview-cache";

export async function deleteFile(opts: { fileId: string; userId: string }): Promise<{ name: string } | null> {
  const deleted = await db.$transaction(async (tx) => {
    const file = await tx.file.findFirst({
      where: { id: opts.fileId, ...manageableFileWhere(opts.userId) },
      select: { id: true, name: true, size: true, storageKey: true, store: true, ownerId: true },
    });
    if (!file) return null;
    await tx.file.delete({ where: { id: file.id } });
    await tx.user.update({ where: { id: file.ownerId }, data: { storageUsed: { decrement: file.size } } });
    return file;
  });
  if (!deleted) return null;
  // Downloads under way stop here: the bytes already sent are sent, nothing more.
  endTransfers({ fileId: deleted.id });
  await audit({ kind: "file.deleted", userId: opts.userId, detail: `${deleted.name} (${deleted.id})`, fileName: deleted.name });
  await Promise.resolve()
    .then(() => storeOf(deleted).files.remove(deleted.storageKey))
    .catch((error) => logger.warn({ err: error, fileId: deleted.id }, "blob removal failed; the sweeper will retry"));
  await removeCachedPreviews(deleted.id).catch((error) => logger.warn({ err: error, fileId: deleted.id }, "preview removal failed"));
  return { name: deleted.name };
}
