// The one place that decides whether a public link can be used now, as where-clauses (like files/access.ts):
// the link page, the password check, the download and the owner's list all ask here.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";
import { activeOwnerWhere, manageableFileWhere } from "@/lib/files/access";

/** Not revoked, not expired, and its file's owner is active. */
export function activeLinkWhere(now: Date): Prisma.LinkWhereInput {
  return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }], file: activeOwnerWhere };
}

/** Download slots left: no limit, or fewer slots claimed (spent or under way) than the limit. */
export function slotsLeftWhere(): Prisma.LinkWhereInput {
  return { OR: [{ maxDownloads: null }, { claimedCount: { lt: db.link.fields.maxDownloads } }] };
}

/** A link a visitor can use now: active, with a download slot left. */
export function availableLinkWhere(now: Date): Prisma.LinkWhereInput {
  return { AND: [activeLinkWhere(now), slotsLeftWhere()] };
}

/** The links of the files this user owns. */
export function manageableLinkWhere(ownerId: string): Prisma.LinkWhereInput {
  return { file: manageableFileWhere(ownerId) };
}
