// Ends several of an owner's shares at once ("Shared by me"). Every id must be a share of one of the owner's
// files, or nothing changes.
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { manageableFileWhere } from "@/lib/files/access";
import { revokeShare } from "./end-share";

export async function revokeShares(opts: { shareIds: string[]; ownerId: string }): Promise<{ revoked: number }> {
  const ids = [...new Set(opts.shareIds)];
  const owned = await db.share.count({ where: { id: { in: ids }, file: manageableFileWhere(opts.ownerId) } });
  if (owned !== ids.length) throw notFound("Some of these shares were not found. Nothing was revoked.");
  let revoked = 0;
  for (const shareId of ids) if (await revokeShare({ shareId, ownerId: opts.ownerId })) revoked++;
  return { revoked };
}
