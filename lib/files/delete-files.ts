// Deletes several files the user owns at once (the dashboard's bulk delete). Either every id is one of the
// user's files and each is deleted, or nothing is: an id of someone else's file refuses the whole request.
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { manageableFileWhere } from "./access";
import { deleteFile } from "./delete-file";

export const SOME_FILES_NOT_FOUND = "Some of these files were not found. Nothing was deleted.";

export async function deleteFiles(opts: { fileIds: string[]; userId: string }): Promise<{ names: string[] }> {
  const ids = [...new Set(opts.fileIds)];
  const owned = await db.file.count({ where: { id: { in: ids }, ...manageableFileWhere(opts.userId) } });
  if (owned !== ids.length) throw notFound(SOME_FILES_NOT_FOUND);
  const names: string[] = [];
  // One at a time, each in its own transaction (quota and rows together), like a single delete.
  for (const fileId of ids) {
    const deleted = await deleteFile({ fileId, userId: opts.userId });
    if (deleted) names.push(deleted.name);
  }
  return { names };
}
