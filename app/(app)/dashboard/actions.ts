"use server";
import { revalidatePath } from "next/cache";
import { authAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { notFound } from "@/lib/errors";
import { shareIdSchema } from "@/lib/shares/schemas";
import { removeSharedFile } from "@/lib/shares/end-share";

export const removeSharedFileAction = authAction(shareIdSchema, async ({ shareId }, { user }) => {
  const removed = await removeSharedFile({ shareId, recipientId: user.id });
  if (!removed) throw notFound("Share not found.");
  revalidatePath("/dashboard");
  return success(`Removed "${removed.name}" from your list.`);
});
