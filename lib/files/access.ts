// The one place that decides who may read or manage a file. Every route and action asks here, and the
// answer is a where-clause, so a file that does not exist and a file you may not see both find nothing.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Files this user may download: their own, and those shared with them by an active owner. */
export function readableFileWhere(userId: string): Prisma.FileWhereInput {
  return { owner: { disabled: false }, OR: [{ ownerId: userId }, { shares: { some: { recipientId: userId } } }] };
}

/** Files this user may rename, delete and share: only the owner's. */
export function manageableFileWhere(userId: string): Prisma.FileWhereInput {
  return { ownerId: userId };
}

const fileForDownload = {
  id: true,
  name: true,
  size: true,
  mimeType: true,
  sha256: true,
  storageKey: true,
  wrappedKey: true,
  masterKeyId: true,
  ownerId: true,
  createdAt: true,
} satisfies Prisma.FileSelect;

export async function findReadableFile(opts: { fileId: string; userId: string }) {
  return db.file.findFirst({ where: { id: opts.fileId, ...readableFileWhere(opts.userId) }, select: fileForDownload });
}

export async function findManageableFile(opts: { fileId: string; userId: string }) {
  return db.file.findFirst({ where: { id: opts.fileId, ...manageableFileWhere(opts.userId) }, select: fileForDownload });
}

export type DownloadableFile = NonNullable<Awaited<ReturnType<typeof findReadableFile>>>;
