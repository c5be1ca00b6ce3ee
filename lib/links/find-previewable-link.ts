// Whether a link visitor may see a preview of the file: the link is available, unlocked if it has a password,
// and has no download limit, or its owner allowed previews and the file is an image or text. A preview of a PDF,
// audio or video is the whole file, outside the limit, so a limited link never previews those; an image's preview
// is a re-rendered WebP and a text's the first 64 KiB, which the owner may choose to show (docs/decisions/057).
import "server-only";
import { notFound } from "@/lib/errors";
import type { ServableFile } from "@/lib/files/access";
import { db } from "@/lib/db";
import { previewKind } from "@/lib/files/preview-kind";
import { availableLinkWhere } from "./access";
import { findLinkForVisitor, LINK_NOT_AVAILABLE } from "./find-link-for-visitor";
import { isUnlocked } from "./unlock-cookie";

const PREVIEWS_WITHIN_A_LIMIT = new Set(["image", "text", "markdown"]);

export function linkShowsPreviews(link: { maxDownloads: number | null; allowPreview: boolean; file: { name: string; mimeType: string } }) {
  return link.maxDownloads === null || (link.allowPreview && PREVIEWS_WITHIN_A_LIMIT.has(previewKind(link.file)));
}

export async function findPreviewableLink(opts: {
  token: string;
  address: string;
  unlockCookie: (linkId: string) => string | undefined;
}): Promise<{ file: ServableFile; linkId: string; ownerId: string; stillAllowed: () => Promise<boolean> }> {
  // A miss counts toward the guessing limit, as on the page, the download and the password check.
  const link = await findLinkForVisitor({ token: opts.token, address: opts.address });
  if (link.passwordHash && !isUnlocked(link.id, opts.unlockCookie(link.id))) throw notFound(LINK_NOT_AVAILABLE);
  if (!linkShowsPreviews(link)) throw notFound("This link has no preview.");
  return {
    file: link.file,
    linkId: link.id,
    ownerId: link.file.ownerId,
    stillAllowed: async () => (await db.link.count({ where: { AND: [{ id: link.id }, availableLinkWhere(new Date())] } })) === 1,
  };
}
