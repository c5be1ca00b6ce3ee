// Appends to a file's activity trail, which its owner reads on the file's page. Entries are facts, not sentences:
// describe-file-activity.ts writes the sentence when the trail is shown.
import "server-only";
import { db, isForeignKeyViolation } from "@/lib/db";

export type ActivityKind =
  | "share.created"
  | "share.revoked"
  | "share.removed_by_recipient"
  | "link.created"
  | "link.revoked"
  | "download.user"
  | "download.link"
  | "download.link_cut"
  | "download.link_resumed"
  // Written by lib/files/resumable-uploads.ts in the transaction that makes the file (it cannot import this module).
  | "request.received";

export type ActivityEntry = {
  fileId: string;
  kind: ActivityKind;
  actorId?: string | null;
  actorName?: string | null;
  subject?: string | null;
  linkId?: string | null;
  address?: string | null;
  downloadNumber?: number | null;
  downloadLimit?: number | null;
  bytes?: bigint | null;
  totalBytes?: bigint | null;
  resumed?: boolean;
};

export async function recordActivity(entry: ActivityEntry): Promise<void> {
  try {
    await db.activity.create({ data: entry });
  } catch (error) {
    // The file was deleted meanwhile (a transfer settling after its file went): its trail went with it.
    if (isForeignKeyViolation(error)) return;
    throw error;
  }
}
