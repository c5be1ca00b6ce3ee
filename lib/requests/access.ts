// The one place that decides whether a file request can be used now, and by whom it is managed, as where-clauses
// (like files/access.ts and links/access.ts). A visitor of a request reads nothing: no where-clause here, or
// anywhere, gives a request's token any file (lib/files/access.ts knows only owners, recipients and links).
import "server-only";
import type { Prisma } from "@/lib/db";

/** Not closed, not expired, and its owner's account is active: a visitor's upload under way may go on. */
export function openRequestWhere(now: Date): Prisma.FileRequestWhereInput {
  return { closedAt: null, expiresAt: { gt: now }, owner: { disabled: false } };
}

/** Open, with a file and some bytes left: the page is shown and new uploads may start. */
export function acceptingRequestWhere(now: Date): Prisma.FileRequestWhereInput {
  return { ...openRequestWhere(now), filesLeft: { gte: 1 }, bytesLeft: { gt: 0 } };
}

/** The requests this user made: only theirs. */
export function manageableRequestWhere(ownerId: string): Prisma.FileRequestWhereInput {
  return { ownerId };
}
