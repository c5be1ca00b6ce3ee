// The names offered while typing "Share with": only people this owner already shares something with, never a
// directory of accounts (which would tell any user who else has one).
import "server-only";
import { db } from "@/lib/db";

export async function listShareSuggestions(opts: { ownerId: string; exceptFileId?: string; take?: number }): Promise<string[]> {
  const rows = await db.share.findMany({
    where: {
      file: { ownerId: opts.ownerId },
      recipient: { disabled: false },
      // Those this file is already shared with would only get "already shared".
      ...(opts.exceptFileId ? { NOT: { recipient: { sharesReceived: { some: { fileId: opts.exceptFileId } } } } } : {}),
    },
    distinct: ["recipientId"],
    orderBy: { recipientId: "asc" },
    take: opts.take ?? 200,
    select: { recipient: { select: { username: true } } },
  });
  return rows.map((row) => row.recipient.username).sort((a, b) => a.localeCompare(b));
}
