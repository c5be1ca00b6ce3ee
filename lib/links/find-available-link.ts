// The one lookup behind every public link request. Unknown, expired, revoked and used-up links,
// a deleted file and a disabled owner all find nothing, and the caller answers the same 404.
import "server-only";
import { db } from "@/lib/db";
import { servableFileSelect } from "@/lib/files/access";
import { availableLinkWhere } from "./access";
import { hashLinkToken, TOKEN_PATTERN } from "./token";

export async function findAvailableLink(token: string, now = new Date()) {
  if (!TOKEN_PATTERN.test(token)) return null;
  return db.link.findFirst({
    where: { AND: [{ tokenHash: hashLinkToken(token) }, availableLinkWhere(now)] },
    include: { file: { select: { ...servableFileSelect, ownerId: true } } },
  });
}

export type AvailableLink = NonNullable<Awaited<ReturnType<typeof findAvailableLink>>>;
