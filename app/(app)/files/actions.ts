"use server";
// Actions on one file the user owns, from the dashboard's rows and from the file's own page.
import { revalidatePath } from "next/cache";
import { authAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { notFound } from "@/lib/errors";
import { deleteFileSchema, renameFileSchema } from "@/lib/files/schemas";
import { renameFile, FILE_NOT_FOUND } from "@/lib/files/rename-file";
import { deleteFile } from "@/lib/files/delete-file";

export const renameFileAction = authAction(renameFileSchema, async ({ fileId, name }, { user }) => {
  const renamed = await renameFile({ fileId, userId: user.id, name });
  revalidatePath("/dashboard");
  revalidatePath(`/files/${fileId}`);
  return success(`Renamed to "${renamed.name}".`, renamed);
});

export const deleteFileAction = authAction(deleteFileSchema, async ({ fileId }, { user }) => {
  const deleted = await deleteFile({ fileId, userId: user.id });
  if (!deleted) throw notFound(FILE_NOT_FOUND);
  revalidatePath("/dashboard");
  return success(`Deleted "${deleted.name}".`);
});
