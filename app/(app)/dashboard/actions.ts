"use server";
import { revalidatePath } from "next/cache";
import { authAction, ActionError } from "@/lib/actions/safe-action";
import { shareIdSchema } from "@/lib/shares/schemas";
import { removeSharedFile } from "@/lib/shares/end-share";

export const removeSharedFileAction = authAction(shareIdSchema, async ({ shareId }, { user }) => {
  const removed = await removeSharedFile({ shareId, recipientId: user.id });
  if (!removed) throw new ActionError("Share not found.");
  revalidatePath("/dashboard");
  return { ok: true as const, data: undefined, message: `Removed "${removed.name}" from your list.` };
});
