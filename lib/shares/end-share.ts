// Ends a share: the owner revokes it, or the recipient removes the file from their list.
// Either way the where-clause names who may do it, so another user's share id finds nothing.
import "server-only";
import { db } from "@/lib/db";
import { manageableFileWhere } from "@/lib/files/access";
import { recordActivity } from "@/lib/activity/record-activity";
import { audit } from "@/lib/audit";
import { endTransfers } from "@/lib/running-transfers";

export async function revokeShare(opts: { shareId: string; ownerId: string }): Promise<{ username: string; fileName: string } | null> {
  const share = await db.share.findFirst({
    where: { id: opts.shareId, file: manageableFileWhere(opts.ownerId) },
    select: { id: true, fileId: true, recipientId: true, file: { select: { name: true } }, recipient: { select: { username: true } } },
  });
  if (!share) return null;
  const deleted = await db.share.deleteMany({ where: { id: share.id } });
  if (deleted.count === 0) return null;
  endTransfers({ fileId: share.fileId, recipientId: share.recipientId });
  await recordActivity({ fileId: share.fileId, kind: "share.revoked", actorId: opts.ownerId, subject: share.recipient.username });
  await audit({
    kind: "share.revoked",
    userId: opts.ownerId,
    detail: `file ${share.fileId} from ${share.recipient.username}`,
    fileName: share.file.name,
    peer: share.recipient.username,
  });
  return { username: share.recipient.username, fileName: share.file.name };
}

export async function removeSharedFile(opts: { shareId: string; recipientId: string }): Promise<{ name: string } | null> {
  const share = await db.share.findFirst({
    where: { id: opts.shareId, recipientId: opts.recipientId },
    select: { id: true, fileId: true, file: { select: { name: true } }, recipient: { select: { username: true } } },
  });
  if (!share) return null;
  const deleted = await db.share.deleteMany({ where: { id: share.id, recipientId: opts.recipientId } });
  if (deleted.count === 0) return null;
  endTransfers({ fileId: share.fileId, recipientId: opts.recipientId });
  await recordActivity({
    fileId: share.fileId,
    kind: "share.removed_by_recipient",
    actorId: opts.recipientId,
    actorName: share.recipient.username,
  });
  return { name: share.file.name };
}
