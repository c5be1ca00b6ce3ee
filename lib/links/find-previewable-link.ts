// Whether a link visitor may see a preview of the file: the link is available, unlocked if it has a password,
// and has no download limit. A preview of a limited link would hand out what the limit protects (a PDF or
// a video is the whole file), so such a link shows only its download button.
import "server-only";
import { notFound } from "@/lib/errors";
import type { ServableFile } from "@/lib/files/access";
import { db } from "@/lib/db";
import { availableLinkWhere } from "./access";
import { findLinkForVisitor, LINK_NOT_AVAILABLE } from "./find-link-for-visitor";
import { isUnlocked } from "./unlock-cookie";

export const linkShowsPreviews = (link: { maxDownloads: number | null }) => link.maxDownloads === null;

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
