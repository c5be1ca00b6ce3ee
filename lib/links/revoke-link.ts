// Revokes a link of a file the user manages; it stops working at once, downloads under way included
// from their next request on.
import "server-only";
import { db } from "@/lib/db";
import { manageableFileWhere } from "@/lib/files/access";
import { recordActivity } from "@/lib/activity/record-activity";
import { audit } from "@/lib/audit";
import { endTransfers } from "@/lib/running-transfers";
import { linkName } from "./link-name";

export async function revokeLink(opts: { linkId: string; ownerId: string }): Promise<{ name: string } | null> {
  const link = await db.link.findFirst({
    where: { id: opts.linkId, revokedAt: null, file: manageableFileWhere(opts.ownerId) },
    select: { id: true, label: true, fileId: true, file: { select: { name: true } } },
  });
  if (!link) return null;
  const updated = await db.link.updateMany({ where: { id: link.id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (updated.count === 0) return null;
  endTransfers({ linkId: link.id });
  await recordActivity({ fileId: link.fileId, kind: "link.revoked", actorId: opts.ownerId, subject: linkName(link), linkId: link.id });
  await audit({
    kind: "link.revoked",
    userId: opts.ownerId,
    detail: `${linkName(link)} of file ${link.fileId}`,
    fileName: link.file.name,
    peer: linkName(link),
  });
  return { name: linkName(link) };
}
