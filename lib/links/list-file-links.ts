// Links as their owner sees them, with a status decided by the same rules as the links themselves: one file's
// (its page) or all of an owner's ("Shared by me").
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";
import { cleanText } from "@/lib/short-text";
import { availableLinkWhere, manageableLinkWhere } from "./access";
import { openLinkUrl } from "./sealed-token";

export type LinkStatus = "active" | "expired" | "revoked" | "used up";
export const LINK_STATUSES: readonly LinkStatus[] = ["active", "expired", "used up", "revoked"];

export type OwnerLink = {
  id: string;
  fileId: string;
  fileName: string;
  label: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  maxDownloads: number | null;
  downloadCount: number;
  hasPassword: boolean;
  allowPreview: boolean;
  status: LinkStatus;
  /**
   * The link's URL, for its owner to copy again: only while it works (a revoked, expired or used-up link never shows
   * it). Null for a working link made before tokens were sealed (`copyable` false): its URL was shown once.
   */
  url: string | null;
  copyable: boolean;
};

async function listLinks(scope: Prisma.LinkWhereInput, now: Date): Promise<OwnerLink[]> {
  const [links, available] = await Promise.all([
    db.link.findMany({ where: scope, orderBy: [{ createdAt: "desc" }, { id: "desc" }], include: { file: { select: { name: true } } } }),
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
      fileId: link.fileId,
      fileName: link.file.name,
      // Labels stored before the short-text rule may still hold what it removes.
      label: link.label && (cleanText(link.label) || null),
      createdAt: link.createdAt,
      expiresAt: link.expiresAt,
      maxDownloads: link.maxDownloads,
      downloadCount: link.downloadCount,
      hasPassword: link.passwordHash !== null,
      allowPreview: link.allowPreview,
      status,
      url: status === "active" ? openLinkUrl(link) : null,
      copyable: link.sealedToken !== null,
    };
  });
}

export async function listFileLinks(opts: { fileId: string; ownerId: string; now?: Date }) {
  return listLinks({ AND: [{ fileId: opts.fileId }, manageableLinkWhere(opts.ownerId)] }, opts.now ?? new Date());
}

export const OWNER_LINK_SORTS = ["created", "file", "label", "status", "downloads", "expires"] as const;
export type OwnerLinkSort = (typeof OWNER_LINK_SORTS)[number];

const compareBy: Record<OwnerLinkSort, (a: OwnerLink, b: OwnerLink) => number> = {
  created: (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
  file: (a, b) => a.fileName.localeCompare(b.fileName),
  label: (a, b) => (a.label ?? "").localeCompare(b.label ?? ""),
  status: (a, b) => LINK_STATUSES.indexOf(a.status) - LINK_STATUSES.indexOf(b.status),
  downloads: (a, b) => a.downloadCount - b.downloadCount,
  // Links that never expire come last, going up.
  expires: (a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity),
};

/**
 * Every link of every file the owner has, filtered and sorted here rather than in SQL, since the status is
 * computed (a person's links number in the tens or hundreds). `q` matches the file's name or the link's label.
 */
export async function listOwnerLinks(opts: {
  ownerId: string;
  q?: string;
  status?: LinkStatus;
  sort?: OwnerLinkSort;
  dir?: "asc" | "desc";
  now?: Date;
}): Promise<OwnerLink[]> {
  const q = opts.q?.toLowerCase();
  const links = (await listLinks(manageableLinkWhere(opts.ownerId), opts.now ?? new Date())).filter(
    (link) =>
      (!opts.status || link.status === opts.status) &&
      (!q || link.fileName.toLowerCase().includes(q) || (link.label ?? "").toLowerCase().includes(q)),
  );
  const compare = compareBy[opts.sort ?? "created"];
  const sign = (opts.dir ?? "desc") === "asc" ? 1 : -1;
  // Ties keep the newest first.
  return links.sort((a, b) => sign * compare(a, b) || b.createdAt.getTime() - a.createdAt.getTime());
}
