// A file's activity for its owner, newest first, as sentences.
import "server-only";
import { db } from "@/lib/db";
import { manageableFileWhere } from "@/lib/files/access";

export type ActivityLine = { id: string; text: string; at: Date; address: string | null };

function describe(entry: { kind: string; actorName: string | null; subject: string | null }): string {
  const actor = entry.actorName ?? "someone";
  switch (entry.kind) {
    case "share.created":
      return `You shared it with ${entry.subject}`;
    case "share.revoked":
      return `You stopped sharing it with ${entry.subject}`;
    case "share.removed_by_recipient":
      return `${actor} removed it from their list`;
    case "link.created":
      return `You created the link ${entry.subject}`;
    case "link.revoked":
      return `You revoked the link ${entry.subject}`;
    case "download.user":
      return `${actor} downloaded it`;
    case "download.link":
    case "download.link_cut":
      return `The link ${entry.subject}`;
    default:
      return entry.kind;
  }
}

export async function listFileActivity(opts: { fileId: string; ownerId: string; take?: number }): Promise<ActivityLine[]> {
  const rows = await db.activity.findMany({
    where: { fileId: opts.fileId, file: manageableFileWhere(opts.ownerId) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.take ?? 50,
  });
  return rows.map((row) => ({ id: row.id, text: describe(row), at: row.createdAt, address: row.address }));
}
