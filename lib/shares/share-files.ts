// Shares several files the user owns with one registered user (the dashboard's bulk share). The recipient and
// every file are checked before anything is written; files already shared with them are left as they are.
import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { manageableFileWhere } from "@/lib/files/access";
import { createShare, findRecipient, recordShareCreated } from "./share-file";

export const SOME_FILES_NOT_FOUND = "Some of these files were not found. Nothing was shared.";

export async function shareFiles(opts: { fileIds: string[]; ownerId: string; username: string }) {
  const ids = [...new Set(opts.fileIds)];
  const recipient = await findRecipient({
    username: opts.username,
    ownerId: opts.ownerId,
    ownFilesMessage: "You already own these files.",
  });
  const files = await db.file.findMany({
    where: { id: { in: ids }, ...manageableFileWhere(opts.ownerId) },
    select: { id: true, name: true, shares: { where: { recipientId: recipient.id }, select: { id: true } } },
  });
  if (files.length !== ids.length) throw notFound(SOME_FILES_NOT_FOUND);

  let shared = 0;
  for (const file of files.filter((f) => f.shares.length === 0)) {
    try {
      await createShare({ file, ownerId: opts.ownerId, recipientId: recipient.id });
    } catch (error) {
      // Shared meanwhile by another request: it is shared, which is what was asked.
      if (isUniqueViolation(error)) continue;
      throw error;
    }
    shared++;
    await recordShareCreated({ file, ownerId: opts.ownerId, recipient });
  }
  return { username: recipient.username, shared, alreadyShared: files.length - shared };
}
