// Revokes several of an owner's links at once ("Shared by me"). Every id must be one of the owner's links, or
// nothing is revoked; links already revoked stay as they are.
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { manageableLinkWhere } from "./access";
import { revokeLink } from "./revoke-link";

export async function revokeLinks(opts: { linkIds: string[]; ownerId: string }): Promise<{ revoked: number }> {
  const ids = [...new Set(opts.linkIds)];
  const owned = await db.link.count({ where: { AND: [{ id: { in: ids } }, manageableLinkWhere(opts.ownerId)] } });
  if (owned !== ids.length) throw notFound("Some of these links were not found. Nothing was revoked.");
  let revoked = 0;
  for (const linkId of ids) if (await revokeLink({ linkId, ownerId: opts.ownerId })) revoked++;
  return { revoked };
}
