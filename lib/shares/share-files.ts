// Shares several files the user owns with one registered user (the dashboard's bulk share). The recipient and
// every file are checked before anything is written; files already shared with them are left as they are.
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { fieldError, notFound } from "@/lib/errors";
import { manageableFileWhere } from "@/lib/files/access";
import { recordActivity } from "@/lib/activity/record-activity";
import { audit } from "@/lib/audit";

export const SOME_FILES_NOT_FOUND = "Some of these files were not found. Nothing was shared.";

export async function shareFiles(opts: { fileIds: string[]; ownerId: string; username: string }) {
  const ids = [...new Set(opts.fileIds)];
  const recipient = await db.user.findUnique({ where: { username: opts.username }, select: { id: true, username: true, disabled: true } });
  if (!recipient || recipient.disabled) throw fieldError("username", `There is no user named "${opts.username}".`, "not_found");
  if (recipient.id === opts.ownerId) throw fieldError("username", "You already own these files.", "conflict");
  const files = await db.file.findMany({
    where: { id: { in: ids }, ...manageableFileWhere(opts.ownerId) },
    select: { id: true, name: true, shares: { where: { recipientId: recipient.id }, select: { id: true } } },
  });
  if (files.length !== ids.length) throw notFound(SOME_FILES_NOT_FOUND);

  let shared = 0;
  for (const file of files.filter((f) => f.shares.length === 0)) {
    try {
      await db.share.create({ data: { fileId: file.id, recipientId: recipient.id } });
    } catch (error) {
      // Shared meanwhile by another request: it is shared, which is what was asked.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") continue;
      throw error;
    }
    shared++;
    await recordActivity({ fileId: file.id, kind: "share.created", actorId: opts.ownerId, subject: recipient.username });
    await audit({
      kind: "share.created",
      userId: opts.ownerId,
      detail: `${file.name} (${file.id}) with ${recipient.username}`,
      fileName: file.name,
      peer: recipient.username,
    });
  }
  return { username: recipient.username, shared, alreadyShared: files.length - shared };
}
