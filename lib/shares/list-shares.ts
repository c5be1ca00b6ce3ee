// Shares as their two sides see them: the owner's list for a file, and a recipient's "Shared with me".
import "server-only";
import { db } from "@/lib/db";
import { activeOwnerWhere, manageableFileWhere } from "@/lib/files/access";

/** Who a file is shared with, for its owner. */
export async function listFileShares(opts: { fileId: string; ownerId: string }) {
  const shares = await db.share.findMany({
    where: { fileId: opts.fileId, file: manageableFileWhere(opts.ownerId) },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, recipient: { select: { username: true } } },
  });
  return shares.map((s) => ({ id: s.id, createdAt: s.createdAt, username: s.recipient.username }));
}

export async function listSharedWithMe(opts: { userId: string; take?: number }) {
  const shares = await db.share.findMany({
    where: { recipientId: opts.userId, file: activeOwnerWhere },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.take ?? 100,
    select: {
      id: true,
      createdAt: true,
      file: { select: { id: true, name: true, size: true, mimeType: true, owner: { select: { username: true } } } },
    },
  });
  return shares.map((s) => ({
    shareId: s.id,
    sharedAt: s.createdAt,
    fileId: s.file.id,
    name: s.file.name,
    size: Number(s.file.size),
    mimeType: s.file.mimeType,
    ownerUsername: s.file.owner.username,
  }));
}
