// A file as its recipient sees it on the file's page: who shared it and when. Asked through the access module's
// readable where-clause, so a share of a disabled owner's file, or no share at all, finds nothing (a 404).
import "server-only";
import { db } from "@/lib/db";
import { activeOwnerWhere } from "@/lib/files/access";

export async function findReceivedShare(opts: { fileId: string; recipientId: string }) {
  const share = await db.share.findFirst({
    where: { fileId: opts.fileId, recipientId: opts.recipientId, file: activeOwnerWhere },
    select: { createdAt: true, file: { select: { owner: { select: { username: true } } } } },
  });
  return share && { sharedAt: share.createdAt, ownerUsername: share.file.owner.username };
}
