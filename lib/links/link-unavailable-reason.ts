// Why a token finds no usable link, for the polite page a visitor then reads: expired, revoked or used up. The answer
// changes only the words: every one of them, and a token that names no link, gets the same 404 (the page counted the
// miss already), so a status code tells a prober nothing. A link whose file's owner is disabled reads as unknown.
import "server-only";
import { db } from "@/lib/db";
import { activeOwnerWhere } from "@/lib/files/access";
import { hashLinkToken, TOKEN_PATTERN } from "./token";

export type LinkUnavailable = "expired" | "revoked" | "used up";

export async function linkUnavailableReason(token: string, now = new Date()): Promise<LinkUnavailable | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const link = await db.link.findFirst({
    where: { tokenHash: hashLinkToken(token), file: activeOwnerWhere },
    select: { revokedAt: true, expiresAt: true, maxDownloads: true, claimedCount: true },
  });
  if (!link) return null;
  if (link.revokedAt) return "revoked";
  if (link.expiresAt && link.expiresAt <= now) return "expired";
  if (link.maxDownloads !== null && link.claimedCount >= link.maxDownloads) return "used up";
  return null;
}
