// Everyone an owner shares files with, file by file, for "Shared by me": filtered and sorted in the query.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";
import { manageableFileWhere } from "@/lib/files/access";
import { foldForSearch } from "@/lib/files/name-search";

export type OwnerShare = { id: string; fileId: string; fileName: string; username: string; createdAt: Date };
export const OWNER_SHARE_SORTS = ["file", "person", "date"] as const;
export type OwnerShareSort = (typeof OWNER_SHARE_SORTS)[number];

const ORDER: Record<OwnerShareSort, (dir: "asc" | "desc") => Prisma.ShareOrderByWithRelationInput> = {
  file: (dir) => ({ file: { name: dir } }),
  person: (dir) => ({ recipient: { username: dir } }),
  date: (dir) => ({ createdAt: dir }),
};

/** `q` matches the file's name or the person's username. */
export async function listOwnerShares(opts: {
  ownerId: string;
  q?: string;
  sort?: OwnerShareSort;
  dir?: "asc" | "desc";
}): Promise<OwnerShare[]> {
  const dir = opts.dir ?? "desc";
  const q = opts.q?.toLowerCase();
  const shares = await db.share.findMany({
    where: {
      file: manageableFileWhere(opts.ownerId),
      // File names are matched in their search column (lib/files/name-search.ts). Usernames are stored lower-case,
      // and may hold `_`, which LIKE reads as any one character: what that lets through is dropped below.
      ...(q ? { OR: [{ file: { searchName: { contains: foldForSearch(q) } } }, { recipient: { username: { contains: q } } }] } : {}),
    },
    orderBy: [ORDER[opts.sort ?? "date"](dir), { id: dir }],
    select: { id: true, createdAt: true, file: { select: { id: true, name: true } }, recipient: { select: { username: true } } },
  });
  return shares
    .filter((s) => !q || s.recipient.username.includes(q) || s.file.name.toLowerCase().includes(q))
    .map((s) => ({
      id: s.id,
      fileId: s.file.id,
      fileName: s.file.name,
      username: s.recipient.username,
      createdAt: s.createdAt,
    }));
}
