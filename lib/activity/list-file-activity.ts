// A file's activity for its owner, newest first, as sentences in the owner's words ("You shared notes.txt with
// bob", "A visitor downloaded notes.txt through the link "Client review" (1 of 3)"), optionally one kind only.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { manageableFileWhere } from "@/lib/files/access";

export const FILE_ACTIVITY_KINDS = { downloads: "Downloads", sharing: "Sharing", links: "Links" } as const;
export type FileActivityKind = keyof typeof FILE_ACTIVITY_KINDS;
export const isFileActivityKind = (value: unknown): value is FileActivityKind => typeof value === "string" && value in FILE_ACTIVITY_KINDS;

const KIND_WHERE: Record<FileActivityKind, Prisma.ActivityWhereInput> = {
  downloads: { kind: { startsWith: "download." } },
  sharing: { kind: { startsWith: "share." } },
  links: { kind: { startsWith: "link." } },
};

export type ActivityLine = { id: string; kind: string; text: string; at: Date; address: string | null };

type Entry = { kind: string; actorName: string | null; subject: string | null; address: string | null };

export function describeFileActivity(entry: Entry, fileName: string): string {
  const actor = entry.actorName ?? "Someone";
  const from = entry.address ? ` from ${entry.address}` : "";
  switch (entry.kind) {
    case "share.created":
      return `You shared ${fileName} with ${entry.subject}`;
    case "share.revoked":
      return `You stopped sharing ${fileName} with ${entry.subject}`;
    case "share.removed_by_recipient":
      return `${actor} removed ${fileName} from their list`;
    case "link.created":
      return `You created the link ${entry.subject}`;
    case "link.revoked":
      return `You revoked the link ${entry.subject}`;
    case "download.user":
      return `${actor} downloaded ${fileName}`;
    case "download.link": {
      // Recorded as `"Label" was downloaded (2 of 3)` or `… was downloaded after a resume (2 of 3)`
      // (lib/links/begin-link-download.ts); a link keeps its name.
      const subject = entry.subject ?? "";
      const count = /\((\d+(?: of \d+)?)\)$/.exec(subject)?.[1];
      const link = /^(.*) was downloaded/.exec(subject)?.[1] ?? "a link";
      const resumed = subject.includes(" was downloaded after a resume") ? ", after a resume" : "";
      const who = entry.actorName ?? "A visitor";
      return `${who} downloaded ${fileName} through the link ${link}${from}${resumed}${count ? ` (download ${count})` : ""}`;
    }
    case "download.link_cut": {
      // Recorded as `"Label": a download was cut off after 17 MiB of 100 MiB; it used up a download …`.
      const cut = /^(.*?): a download (was cut off .*)$/.exec(entry.subject ?? "");
      return cut
        ? `A visitor's download of ${fileName} through the link ${cut[1]}${from} ${cut[2]}`
        : `A download of ${fileName} through a link was cut off${from}`;
    }
    default:
      return entry.kind;
  }
}

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
