// One page of a user's files, newest first by default. Keyset pagination (Prisma cursor on the
// sort column plus id) stays fast however many files there are.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { manageableFileWhere } from "./access";
import type { ListFilesQuery } from "./schemas";

export const PAGE_SIZE = 25;

const ORDER: Record<ListFilesQuery["sort"], keyof Prisma.FileOrderByWithRelationInput> = {
  date: "createdAt",
  name: "name",
  size: "size",
};

export type FileRow = { id: string; name: string; size: number; mimeType: string; createdAt: Date };

export async function listFiles(opts: { userId: string; query: ListFilesQuery }) {
  const { sort, dir, q, cursor } = opts.query;
  const where: Prisma.FileWhereInput = { ...manageableFileWhere(opts.userId), ...(q ? { name: { contains: q } } : {}) };
  const rows = await db.file.findMany({
    where,
    orderBy: [{ [ORDER[sort]]: dir }, { id: dir }],
    take: PAGE_SIZE + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: { id: true, name: true, size: true, mimeType: true, createdAt: true },
  });
  const hasMore = rows.length > PAGE_SIZE;
  const files: FileRow[] = rows.slice(0, PAGE_SIZE).map((f) => ({ ...f, size: Number(f.size) }));
  return { files, nextCursor: hasMore ? files[files.length - 1].id : null };
}

export async function storageSummary(userId: string) {
  const [user, count] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { storageUsed: true } }),
    db.file.count({ where: manageableFileWhere(userId) }),
  ]);
  return { used: Number(user.storageUsed), count };
}
