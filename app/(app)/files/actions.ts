"use server";
import { revalidatePath } from "next/cache";
import { authAction, ActionError } from "@/lib/actions/safe-action";
import { deleteFileSchema, renameFileSchema } from "@/lib/files/schemas";
import { renameFile, FILE_NOT_FOUND } from "@/lib/files/rename-file";
import { deleteFile } from "@/lib/files/delete-file";

export const renameFileAction = authAction(renameFileSchema, async ({ fileId, name }, { user }) => {
  const renamed = await renameFile({ fileId, userId: user.id, name });
  revalidatePath("/dashboard");
  revalidatePath(`/files/${fileId}`);
  return { ok: true as const, data: renamed, message: `Renamed to "${renamed.name}".` };
});

export const deleteFileAction = authAction(deleteFileSchema, async ({ fileId }, { user }) => {
  const deleted = await deleteFile({ fileId, userId: user.id });
  if (!deleted) throw new ActionError(FILE_NOT_FOUND);
  revalidatePath("/dashboard");
  return { ok: true as const, data: undefined, message: `Deleted "${deleted.name}".` };
});
