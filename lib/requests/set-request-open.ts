// Closes a file request (its page and upload routes answer the uniform 404 at once, uploads under way included) or
// reopens it, for its owner only; both are in the audit trail.
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { manageableRequestWhere } from "./access";

export const REQUEST_NOT_FOUND = "Request not found.";

export async function setRequestOpen(opts: {
  requestId: string;
  ownerId: string;
  open: boolean;
}): Promise<{ label: string; changed: boolean }> {
  const request = await db.fileRequest.findFirst({
    where: { id: opts.requestId, ...manageableRequestWhere(opts.ownerId) },
    select: { id: true, label: true },
  });
  if (!request) throw notFound(REQUEST_NOT_FOUND);
  // Conditional on the state it changes, so a double click records one event.
  const changed = await db.fileRequest.updateMany({
    where: { id: request.id, ownerId: opts.ownerId, closedAt: opts.open ? { not: null } : null },
    data: { closedAt: opts.open ? null : new Date() },
  });
  if (changed.count === 1) {
    await audit({
      kind: opts.open ? "request.reopened" : "request.closed",
      userId: opts.ownerId,
      detail: `${request.label} (${request.id})`,
      peer: request.label,
    });
  }
  return { label: request.label, changed: changed.count === 1 };
}
