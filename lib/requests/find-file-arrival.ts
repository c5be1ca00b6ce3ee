// For the owner's file page: the file request a file arrived through, and the name its sender gave.
import "server-only";
import { db } from "@/lib/db";
import { manageableFileWhere } from "@/lib/files/access";

export async function findFileArrival(opts: { fileId: string; ownerId: string }) {
  const file = await db.file.findFirst({
    where: { id: opts.fileId, ...manageableFileWhere(opts.ownerId), requestId: { not: null } },
    select: { senderName: true, request: { select: { id: true, label: true } } },
  });
  return file?.request ? { requestId: file.request.id, label: file.request.label, senderName: file.senderName } : null;
}
