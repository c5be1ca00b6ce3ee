// "Shared by me": every file request of the owner, newest first, with what arrived through each (files and bytes,
// counted from the files themselves) and, for an open one, its link to copy again.
import "server-only";
import { db } from "@/lib/db";
import { manageableRequestWhere } from "./access";
import { openRequestUrl } from "./sealed-token";

export const REQUEST_STATUSES = ["open", "full", "expired", "closed"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type OwnerRequestRow = {
  id: string;
  label: string;
  message: string | null;
  status: RequestStatus;
  hasPassword: boolean;
  createdAt: Date;
  expiresAt: Date;
  maxFiles: number;
  maxTotalBytes: number;
  maxFileBytes: number | null;
  allowedTypes: string | null;
  receivedFiles: number;
  receivedBytes: number;
  url: string | null;
};

export function requestStatus(
  request: { closedAt: Date | null; expiresAt: Date; filesLeft: number; bytesLeft: bigint },
  now = new Date(),
): RequestStatus {
  if (request.closedAt) return "closed";
  if (request.expiresAt <= now) return "expired";
  if (request.filesLeft < 1 || request.bytesLeft <= 0n) return "full";
  return "open";
}

export async function listOwnerRequests(opts: { ownerId: string; take?: number }): Promise<OwnerRequestRow[]> {
  const rows = await db.fileRequest.findMany({
    where: manageableRequestWhere(opts.ownerId),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.take ?? 200,
  });
  const received = await db.file.groupBy({
    by: ["requestId"],
    where: { ownerId: opts.ownerId, requestId: { in: rows.map((row) => row.id) } },
    _count: true,
    _sum: { size: true },
  });
  const byRequest = new Map(received.map((group) => [group.requestId, group]));
  const now = new Date();
  return rows.map((row) => {
    const status = requestStatus(row, now);
    const arrived = byRequest.get(row.id);
    return {
      id: row.id,
      label: row.label,
      message: row.message,
      status,
      hasPassword: row.passwordHash !== null,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      maxFiles: row.maxFiles,
      maxTotalBytes: Number(row.maxTotalBytes),
      maxFileBytes: row.maxFileBytes === null ? null : Number(row.maxFileBytes),
      allowedTypes: row.allowedTypes,
      receivedFiles: arrived?._count ?? 0,
      receivedBytes: Number(arrived?._sum.size ?? 0),
      // Only an open request's link reaches a page, as for links (docs/decisions/056).
      url: status === "open" ? openRequestUrl(row) : null,
    };
  });
}

/** The owner's requests by name, newest first, for the dashboard's filter. */
export async function listRequestNames(ownerId: string): Promise<{ id: string; label: string }[]> {
  return db.fileRequest.findMany({
    where: manageableRequestWhere(ownerId),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, label: true },
    take: 200,
  });
}
