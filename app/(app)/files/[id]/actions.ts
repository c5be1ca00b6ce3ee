"use server";
import { revalidatePath } from "next/cache";
import { authAction, ActionError } from "@/lib/actions/safe-action";
import { shareFileSchema, shareIdSchema } from "@/lib/shares/schemas";
import { shareFile } from "@/lib/shares/share-file";
import { revokeShare } from "@/lib/shares/end-share";
import { createLinkSchema, linkIdSchema } from "@/lib/links/schemas";
import { createLink } from "@/lib/links/create-link";
import { revokeLink } from "@/lib/links/revoke-link";

export const shareFileAction = authAction(shareFileSchema, async ({ fileId, username }, { user }) => {
  const share = await shareFile({ fileId, ownerId: user.id, username });
  revalidatePath(`/files/${fileId}`);
  return { ok: true as const, data: undefined, message: `Shared with ${share.username}.` };
});

export const revokeShareAction = authAction(shareIdSchema, async ({ shareId }, { user }) => {
  const revoked = await revokeShare({ shareId, ownerId: user.id });
  if (!revoked) throw new ActionError("Share not found.");
  return { ok: true as const, data: undefined, message: `${revoked.username} no longer has access.` };
});

export const createLinkAction = authAction(createLinkSchema, async (input, { user }) => {
  const { token } = await createLink({ ...input, ownerId: user.id });
  revalidatePath(`/files/${input.fileId}`);
  // The token is shown once: only its hash is stored.
  return { ok: true as const, data: { path: `/s/${token}` }, message: "Link created. Copy it now: it is shown only once." };
});

export const revokeLinkAction = authAction(linkIdSchema, async ({ linkId }, { user }) => {
  const revoked = await revokeLink({ linkId, ownerId: user.id });
  if (!revoked) throw new ActionError("Link not found.");
  return { ok: true as const, data: undefined, message: `Link ${revoked.name} revoked.` };
});
