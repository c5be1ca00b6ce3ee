// Admin actions on accounts. Disabling ends every session at once (the session version is bumped and
// the jwt callback refuses disabled accounts) and stops the user's links and shares from working.
import "server-only";
import { db, lockUserForQuota } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordBlobDeletions } from "@/lib/storage/blob-deletions";
import { removeDeletedBlob } from "@/lib/files/remove-deleted-blobs";
import { audit } from "@/lib/audit";
import { revokeAllApiTokens } from "@/lib/api-tokens/tokens";
import { endTransfers } from "@/lib/running-transfers";

async function targetOf(opts: { userId: string; adminId: string }) {
  if (opts.userId === opts.adminId) throw new AppError("forbidden", "You cannot do this to your own account.");
  const user = await db.user.findUnique({ where: { id: opts.userId }, select: { id: true, username: true } });
  if (!user) throw notFound("User not found.");
  return user;
}

export async function setUserDisabled(opts: { userId: string; adminId: string; disabled: boolean }) {
  const user = await targetOf(opts);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { disabled: opts.disabled, ...(opts.disabled ? { sessionVersion: { increment: 1 } } : {}) },
    });
    // Its tokens stop at once (every use checks the account) and stay revoked if it is enabled again (decision 078).
    if (opts.disabled) await revokeAllApiTokens(user.id, tx);
  });
  if (opts.disabled) {
    // Their files stop reaching anyone, and their own downloads of others' files stop.
    endTransfers({ ownerId: user.id });
    endTransfers({ recipientId: user.id });
  }
  await audit({
    kind: opts.disabled ? "admin.user_disabled" : "admin.user_enabled",
    userId: user.id,
    actorId: opts.adminId,
    detail: user.username,
  });
  return user;
}

export async function deleteUser(opts: { userId: string; adminId: string }) {
  const user = await targetOf(opts);
  // Rows first (files, shares, links, uploads under way and activity go by cascade), with the record of every blob
  // that is to go, in one transaction: the owner's row lock keeps an upload from committing a file (or starting)
  // between the two. Then the blobs, which the sweeper retries when a removal fails.
  const deletions = await db.$transaction(async (tx) => {
    await lockUserForQuota(tx, user.id);
    const files = await tx.file.findMany({ where: { ownerId: user.id }, select: { id: true, storageKey: true, store: true } });
    const uploads = await tx.pendingBlob.findMany({ where: { userId: user.id }, select: { storageKey: true, store: true, holder: true } });
    const entries = [
      ...files.map((file) => ({ storageKey: file.storageKey, store: file.store, fileId: file.id })),
      // An upload under way may still be writing: only its server removes its blob, once it lets go.
      ...uploads.map((upload) => ({ storageKey: upload.storageKey, store: upload.store, holder: upload.holder })),
    ];
    await recordBlobDeletions(tx, entries);
    await tx.user.delete({ where: { id: user.id } });
    return { files };
  });
  endTransfers({ ownerId: user.id });
  endTransfers({ recipientId: user.id });
  for (const file of deletions.files) {
    await removeDeletedBlob({ storageKey: file.storageKey, store: file.store, fileId: file.id, attempts: 0 });
  }
  await audit({
    kind: "admin.user_deleted",
    userId: user.id,
    actorId: opts.adminId,
    detail: `${user.username} (${deletions.files.length} files)`,
  });
  return user;
}
