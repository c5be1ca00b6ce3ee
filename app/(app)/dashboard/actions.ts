"use server";
import { revalidatePath } from "next/cache";
import { authAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { notFound } from "@/lib/errors";
import { shareFilesSchema, shareIdSchema } from "@/lib/shares/schemas";
import { removeSharedFile } from "@/lib/shares/end-share";
import { shareFiles } from "@/lib/shares/share-files";
import { deleteFilesSchema } from "@/lib/files/schemas";
import { deleteFiles } from "@/lib/files/delete-files";

const count = (n: number) => `${n} ${n === 1 ? "file" : "files"}`;

export const removeSharedFileAction = authAction(shareIdSchema, async ({ shareId }, { user }) => {
  const removed = await removeSharedFile({ shareId, recipientId: user.id });
  if (!removed) throw notFound("Share not found.");
  revalidatePath("/dashboard");
  revalidatePath("/shared-with-me");
  return success(`Removed "${removed.name}" from your list.`);
});

export const deleteFilesAction = authAction(deleteFilesSchema, async ({ fileIds }, { user }) => {
  const { names } = await deleteFiles({ fileIds, userId: user.id });
  revalidatePath("/dashboard");
  return success(names.length === 1 ? `Deleted "${names[0]}".` : `Deleted ${count(names.length)}.`);
});

export const shareFilesAction = authAction(shareFilesSchema, async ({ fileIds, username }, { user }) => {
  const outcome = await shareFiles({ fileIds, ownerId: user.id, username });
  revalidatePath("/dashboard");
  revalidatePath("/shared");
  const already = outcome.alreadyShared ? ` (${count(outcome.alreadyShared)} already were)` : "";
  return success(`Shared ${count(outcome.shared)} with ${outcome.username}${already}.`);
});
