// A file's links as its owner sees them.
import "server-only";
import { db } from "@/lib/db";

export type LinkStatus = "active" | "expired" | "revoked" | "used up";

export async function listFileLinks(opts: { fileId: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const links = await db.link.findMany({ where: { fileId: opts.fileId }, orderBy: { createdAt: "desc" } });
  return links.map((link) => {
    const status: LinkStatus = link.revokedAt
      ? "revoked"
      : link.expiresAt && link.expiresAt <= now
        ? "expired"
        : link.maxDownloads !== null && link.downloadCount >= link.maxDownloads
          ? "used up"
          : "active";
    return {
      id: link.id,
      label: link.label,
      createdAt: link.createdAt,
      expiresAt: link.expiresAt,
      maxDownloads: link.maxDownloads,
      downloadCount: link.downloadCount,
      hasPassword: link.passwordHash !== null,
      status,
    };
  });
}
