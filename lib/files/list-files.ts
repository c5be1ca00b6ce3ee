// One page of a user's files, newest first by default. Keyset pagination on the sort column plus id stays
// fast however many files there are; the cursor carries the sort values itself (file-list-cursor.ts), so
// only the caller's own files are ever read.
import "server-only";
import { db } from "@/lib/db";
import { fieldError } from "@/lib/errors";
import type { Prisma } from "@/lib/db";
import { manageableFileWhere } from "./access";
import { foldForSearch } from "./name-search";
import { decodeFileListCursor, encodeFileListCursor, type FileListCursor, type FileSort, type SortDirection } from "./file-list-cursor";
import type { ListFilesQuery } from "./schemas";

export const PAGE_SIZE = 25;

const COLUMN = { date: "createdAt", name: "name", size: "size" } as const satisfies Record<FileSort, keyof Prisma.FileWhereInput>;

const fileRowSelect = {
  id: true,
  name: true,
  size: true,
  mimeType: true,
  sha256: true,
  createdAt: true,
  senderName: true,
  request: { select: { id: true, label: true } },
} satisfies Prisma.FileSelect;
type SelectedRow = Prisma.FileGetPayload<{ select: typeof fileRowSelect }>;

export type FileRow = {
  id: string;
  name: string;
  size: number;
  mimeType: string;
  sha256: string;
  createdAt: Date;
  /** The file request it arrived through, and the name its sender gave. */
  request: { id: string; label: string } | null;
  senderName: string | null;
};

export type FilePage = { files: FileRow[]; nextCursor: string | null; previousCursor: string | null };

const flip = (dir: SortDirection): SortDirection => (dir === "asc" ? "desc" : "asc");

/** Rows that come after `row` when listing in `dir` (before it, listed the other way round). */
function beyond(sort: FileSort, dir: SortDirection, row: Pick<FileListCursor, "value" | "id">): Prisma.FileWhereInput {
  const op = dir === "asc" ? "gt" : "lt";
  const column = COLUMN[sort];
  return { OR: [{ [column]: { [op]: row.value } }, { [column]: row.value, id: { [op]: row.id } }] };
}

export async function listFiles(opts: {
  userId: string;
  query: ListFilesQuery;
  /** Rows per page (PAGE_SIZE for the dashboard; the API lets its caller choose). */
  pageSize?: number;
  /**
   * The dashboard's cursors forgive: one that does not verify, or one past the end, shows the first page. A script
   * paging through must not start over unseen: "strict" refuses a cursor that does not verify (a field error) and
   * answers an empty page past the end.
   */
  cursors?: "forgiving" | "strict";
}): Promise<FilePage> {
  const { sort, dir, q, request } = opts.query;
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const strict = opts.cursors === "strict";
  const where: Prisma.FileWhereInput = {
    ...manageableFileWhere(opts.userId),
    ...(q ? { searchName: { contains: foldForSearch(q) } } : {}),
    ...(request ? { requestId: request } : {}),
  };
  const order = (d: SortDirection): Prisma.FileOrderByWithRelationInput[] => [{ [COLUMN[sort]]: d }, { id: d }];
  const sortValue = (row: SelectedRow) => row[COLUMN[sort]];
  const cursorAt = (row: SelectedRow, side: FileListCursor["side"]) =>
    encodeFileListCursor(opts.userId, { sort, dir, side, value: sortValue(row), id: row.id });
  const exists = async (condition: Prisma.FileWhereInput) =>
    (await db.file.findFirst({ where: { AND: [where, condition] }, select: { id: true } })) !== null;

  const page = (rows: SelectedRow[], more: { before: boolean; after: boolean }): FilePage => ({
    files: rows.map((f) => ({ ...f, size: Number(f.size) })),
    nextCursor: more.after && rows.length > 0 ? cursorAt(rows[rows.length - 1], "after") : null,
    previousCursor: more.before && rows.length > 0 ? cursorAt(rows[0], "before") : null,
  });

  const firstPage = async () => {
    const rows = await db.file.findMany({ where, orderBy: order(dir), take: pageSize + 1, select: fileRowSelect });
    return page(rows.slice(0, pageSize), { before: false, after: rows.length > pageSize });
  };

  const cursor = opts.query.cursor ? decodeFileListCursor(opts.userId, opts.query.cursor, { sort, dir }) : null;
  if (!cursor && opts.query.cursor && strict) {
    throw fieldError("cursor", "This cursor is not one this listing gave you (for this sort and order).");
  }
  if (!cursor) return firstPage();

  if (cursor.side === "after") {
    const rows = await db.file.findMany({
      where: { AND: [where, beyond(sort, dir, cursor)] },
      orderBy: order(dir),
      take: pageSize + 1,
      select: fileRowSelect,
    });
    // Past the end (the files there were deleted, say): start over rather than show an empty page.
    if (rows.length === 0) return strict ? page([], { before: true, after: false }) : firstPage();
    const shown = rows.slice(0, pageSize);
    const first = shown[0];
    return page(shown, {
      after: rows.length > pageSize,
      before: await exists(beyond(sort, flip(dir), { value: sortValue(first), id: first.id })),
    });
  }

  const rows = await db.file.findMany({
    where: { AND: [where, beyond(sort, flip(dir), cursor)] },
    orderBy: order(flip(dir)),
    take: pageSize + 1,
    select: fileRowSelect,
  });
  // Back at the start: show the first page itself, so going back and forth always lands on the same pages.
  if (rows.length <= pageSize) return firstPage();
  const shown = rows.slice(0, pageSize).reverse();
  const last = shown[shown.length - 1];
  return page(shown, { before: true, after: await exists(beyond(sort, dir, { value: sortValue(last), id: last.id })) });
}

export async function storageSummary(userId: string) {
  const [user, count] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { storageUsed: true } }),
    db.file.count({ where: manageableFileWhere(userId) }),
  ]);
  return { used: Number(user.storageUsed), count };
}
