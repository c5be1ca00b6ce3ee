// The one place that decides who may read or manage a file. Every route and action asks here, and the
// answer is a where-clause, so a file that does not exist and a file you may not see both find nothing.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";

/** Files whose owner's account is active: a disabled owner's files reach nobody but admins. */
export const activeOwnerWhere = { owner: { disabled: false } } satisfies Prisma.FileWhereInput;

/** Files this user may download: their own, and those shared with them by an active owner. */
export function readableFileWhere(userId: string): Prisma.FileWhereInput {
  return { ...activeOwnerWhere, OR: [{ ownerId: userId }, { shares: { some: { recipientId: userId } } }] };
}

/** Files this user may rename, delete and share: only the owner's. */
export function manageableFileWhere(userId: string): Prisma.FileWhereInput {
  return { ownerId: userId };
}

/** The fields needed to serve a file's bytes: its name and type for the headers, its blob and key to decrypt. */
export const servableFileSelect = {
  id: true,
  name: true,
  size: true,
  mimeType: true,
  sha256: true,
  storageKey: true,
  store: true,
  wrappedKey: true,
  masterKeyId: true,
} satisfies Prisma.FileSelect;

export type ServableFile = Prisma.FileGetPayload<{ select: typeof servableFileSelect }>;

const fileDetailsSelect = { ...servableFileSelect, ownerId: true, createdAt: true } satisfies Prisma.FileSelect;

export async function findReadableFile(opts: { fileId: string; userId: string }) {
  return db.file.findFirst({ where: { id: opts.fileId, ...readableFileWhere(opts.userId) }, select: fileDetailsSelect });
}

export async function findManageableFile(opts: { fileId: string; userId: string }) {
  return db.file.findFirst({ where: { id: opts.fileId, ...manageableFileWhere(opts.userId) }, select: fileDetailsSelect });
}
