"use server";
import { revalidatePath } from "next/cache";
import { authAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { notFound } from "@/lib/errors";
import { shareFileSchema, shareIdSchema } from "@/lib/shares/schemas";
import { shareFile } from "@/lib/shares/share-file";
import { revokeShare } from "@/lib/shares/end-share";
import { createLinkSchema, linkIdSchema } from "@/lib/links/schemas";
import { createLink, expiryDate } from "@/lib/links/create-link";
import { revokeLink } from "@/lib/links/revoke-link";
import { linkUrl } from "@/lib/links/sealed-token";

export const shareFileAction = authAction(shareFileSchema, async ({ fileId, username }, { user }) => {
  const share = await shareFile({ fileId, ownerId: user.id, username });
  revalidatePath(`/files/${fileId}`);
  return success(`Shared with ${share.username}.`);
});

export const revokeShareAction = authAction(shareIdSchema, async ({ shareId }, { user }) => {
  const revoked = await revokeShare({ shareId, ownerId: user.id });
  if (!revoked) throw notFound("Share not found.");
  return success(`${revoked.username} no longer has access.`);
});

export const createLinkAction = authAction(createLinkSchema, async (input, { user }) => {
  const { token } = await createLink({ ...input, ownerId: user.id, expiresAt: expiryDate(input.expiry, input.expiresOn) });
  revalidatePath(`/files/${input.fileId}`);
  revalidatePath("/shared");
  return success("Link created.", { path: `/s/${token}`, url: linkUrl(token) });
});

export const revokeLinkAction = authAction(linkIdSchema, async ({ linkId }, { user }) => {
  const revoked = await revokeLink({ linkId, ownerId: user.id });
  if (!revoked) throw notFound("Link not found.");
  return success(`Link ${revoked.name} revoked.`);
});
