// Admin actions on accounts. Disabling ends every session at once (the session version is bumped and
// the jwt callback refuses disabled accounts) and stops the user's links and shares from working.
import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { storeOf } from "@/lib/storage";
import { removeCachedPreviews } from "@/lib/files/preview-cache";
import { audit } from "@/lib/audit";
import { logger } from "@/lib/logger";
import { endTransfers } from "@/lib/running-transfers";

async function targetOf(opts: { userId: string; adminId: string }) {
  if (opts.userId === opts.adminId) throw new AppError("forbidden", "You cannot do this to your own account.");
  const user = await db.user.findUnique({ where: { id: opts.userId }, select: { id: true, username: true } });
  if (!user) throw notFound("User not found.");
  return user;
}

export async function setUserDisabled(opts: { userId: string; adminId: string; disabled: boolean }) {
  const user = await targetOf(opts);
  await db.user.update({
    where: { id: user.id },
    data: { disabled: opts.disabled, ...(opts.disabled ? { sessionVersion: { increment: 1 } } : {}) },
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
  const blobs = await db.file.findMany({ where: { ownerId: user.id }, select: { id: true, storageKey: true, store: true } });
  // Rows first (files, shares, links and activity go by cascade); then the blobs, which the sweeper would also catch.
  await db.user.delete({ where: { id: user.id } });
  endTransfers({ ownerId: user.id });
  endTransfers({ recipientId: user.id });
  for (const blob of blobs) {
    await Promise.resolve()
      .then(() => storeOf(blob).files.remove(blob.storageKey))
      .catch((error) => logger.warn({ err: error }, "blob removal failed; the sweeper will retry"));
    await removeCachedPreviews(blob.id).catch((error) => logger.warn({ err: error }, "preview removal failed; the sweeper will retry"));
  }
  await audit({ kind: "admin.user_deleted", userId: user.id, actorId: opts.adminId, detail: `${user.username} (${blobs.length} files)` });
  return user;
}
