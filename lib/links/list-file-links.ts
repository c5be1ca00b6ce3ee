// A file's links as its owner sees them, with a status decided by the same rules as the links themselves.
import "server-only";
import { db } from "@/lib/db";
import { availableLinkWhere, manageableLinkWhere } from "./access";

export type LinkStatus = "active" | "expired" | "revoked" | "used up";

export async function listFileLinks(opts: { fileId: string; ownerId: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const scope = { AND: [{ fileId: opts.fileId }, manageableLinkWhere(opts.ownerId)] };
  const [links, available] = await Promise.all([
    db.link.findMany({ where: scope, orderBy: { createdAt: "desc" } }),
    db.link.findMany({ where: { AND: [scope, availableLinkWhere(now)] }, select: { id: true } }),
  ]);
  const usable = new Set(available.map((l) => l.id));
  return links.map((link) => {
    // Whether it works comes from availableLinkWhere; the reason it does not is only a label.
    const status: LinkStatus = usable.has(link.id)
      ? "active"
      : link.revokedAt
        ? "revoked"
        : link.expiresAt && link.expiresAt <= now
          ? "expired"
          : "used up";
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
