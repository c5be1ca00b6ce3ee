// Appends to a file's activity trail, which its owner reads on the file's page.
import "server-only";
import { db } from "@/lib/db";

export type ActivityKind =
  "share.created" | "share.revoked" | "share.removed_by_recipient" | "link.created" | "link.revoked" | "download.user" | "download.link";

export async function recordActivity(entry: {
  fileId: string;
  kind: ActivityKind;
  actorId?: string | null;
  actorName?: string | null;
  subject?: string | null;
  linkId?: string | null;
  address?: string | null;
}): Promise<void> {
  await db.activity.create({ data: entry });
}
