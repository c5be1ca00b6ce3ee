// A file's activity for its owner, newest first, as sentences in the owner's words ("You shared notes.txt with
// bob", "A visitor downloaded notes.txt through the link "Client review" (1 of 3)"), optionally one kind only.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";
import { manageableFileWhere } from "@/lib/files/access";
import { describeFileActivity } from "./describe-file-activity";

export const FILE_ACTIVITY_KINDS = { downloads: "Downloads", sharing: "Sharing", links: "Links" } as const;
export type FileActivityKind = keyof typeof FILE_ACTIVITY_KINDS;
export const isFileActivityKind = (value: unknown): value is FileActivityKind => typeof value === "string" && value in FILE_ACTIVITY_KINDS;

const KIND_WHERE: Record<FileActivityKind, Prisma.ActivityWhereInput> = {
  downloads: { kind: { startsWith: "download." } },
  sharing: { kind: { startsWith: "share." } },
  links: { kind: { startsWith: "link." } },
};

export type ActivityLine = { id: string; kind: string; text: string; at: Date; address: string | null };

export async function listFileActivity(opts: {
  fileId: string;
  ownerId: string;
  fileName: string;
  kind?: FileActivityKind;
  take?: number;
}): Promise<ActivityLine[]> {
  const rows = await db.activity.findMany({
    where: { fileId: opts.fileId, file: manageableFileWhere(opts.ownerId), ...(opts.kind ? KIND_WHERE[opts.kind] : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.take ?? 50,
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    text: describeFileActivity(row, opts.fileName),
    at: row.createdAt,
    address: row.address,
  }));
}
