// The one lookup behind every public link request. Unknown, expired, revoked and used-up links,
// a deleted file and a disabled owner all find nothing, and the caller answers the same 404.
import "server-only";
import { db } from "@/lib/db";
import { hashLinkToken, TOKEN_PATTERN } from "./token";

export async function findAvailableLink(token: string, now = new Date()) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const link = await db.link.findFirst({
    where: {
      tokenHash: hashLinkToken(token),
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      file: { owner: { disabled: false } },
    },
    include: {
      file: {
        select: { id: true, name: true, size: true, mimeType: true, sha256: true, storageKey: true, wrappedKey: true, masterKeyId: true },
      },
    },
  });
  if (!link) return null;
  if (link.maxDownloads !== null && link.downloadCount >= link.maxDownloads) return null;
  return link;
}

export type AvailableLink = NonNullable<Awaited<ReturnType<typeof findAvailableLink>>>;
