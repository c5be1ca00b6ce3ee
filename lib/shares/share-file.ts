// Shares a file the user manages with another registered user, named exactly (case-insensitive).
import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { fieldError, notFound } from "@/lib/errors";
import { findManageableFile } from "@/lib/files/access";
import { FILE_NOT_FOUND } from "@/lib/files/rename-file";
import { recordActivity } from "@/lib/activity/record-activity";
import { audit } from "@/lib/audit";
import { notifyShare } from "@/lib/notifications/notify-share";

/** The share and its notification for the recipient, in one transaction (a duplicate throws P2002, writing neither). */
export async function createShare(opts: { file: { id: string; name: string }; ownerId: string; recipientId: string }) {
  return db.$transaction(async (tx) => {
    const share = await tx.share.create({
      data: { fileId: opts.file.id, recipientId: opts.recipientId },
      select: { id: true, createdAt: true },
    });
    await notifyShare(tx, { ownerId: opts.ownerId, recipientId: opts.recipientId, fileName: opts.file.name });
    return share;
  });
}

/** The registered, enabled user named `username`, who is not the owner; field errors otherwise. */
export async function findRecipient(opts: { username: string; ownerId: string; ownFilesMessage: string }) {
  const recipient = await db.user.findUnique({ where: { username: opts.username }, select: { id: true, username: true, disabled: true } });
  if (!recipient || recipient.disabled) throw fieldError("username", `There is no user named "${opts.username}".`, "not_found");
  if (recipient.id === opts.ownerId) throw fieldError("username", opts.ownFilesMessage, "conflict");
  return recipient;
}

/** The file's activity and the owner's audit trail, once a share exists. */
export async function recordShareCreated(opts: { file: { id: string; name: string }; ownerId: string; recipient: { username: string } }) {
  const { file, recipient } = opts;
  await recordActivity({ fileId: file.id, kind: "share.created", actorId: opts.ownerId, subject: recipient.username });
  await audit({
    kind: "share.created",
    userId: opts.ownerId,
    detail: `${file.name} (${file.id}) with ${recipient.username}`,
    fileName: file.name,
    peer: recipient.username,
  });
}

export async function shareFile(opts: { fileId: string; ownerId: string; username: string }) {
  const file = await findManageableFile({ fileId: opts.fileId, userId: opts.ownerId });
  if (!file) throw notFound(FILE_NOT_FOUND);
  const recipient = await findRecipient({ username: opts.username, ownerId: opts.ownerId, ownFilesMessage: "You already own this file." });
  try {
    const share = await createShare({ file, ownerId: opts.ownerId, recipientId: recipient.id });
    await recordShareCreated({ file, ownerId: opts.ownerId, recipient });
    return { shareId: share.id, username: recipient.username, createdAt: share.createdAt };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw fieldError("username", `This file is already shared with ${recipient.username}.`, "conflict");
    }
    throw error;
  }
}
