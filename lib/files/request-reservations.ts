// A visitor's upload through a file request draws on the request's limits when it is created: one file and its whole
// declared length, taken by one conditional update (files and bytes left, the request open), so the limits hold
// however many visitors upload at once, on any node, on either database. An upload that goes without becoming a
// file (terminated, refused for its content, expired) gives its share back once: the update that clears the
// upload's `requestReserved` flag decides that. A file that arrived keeps its share, even if the owner deletes it
// later: the limits say what the request receives. docs/decisions/079.
import "server-only";
import type { Prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { formatBytes } from "./format-bytes";

/** What every route of a request answers when it cannot be used: unknown, expired, closed, used up or switched off. */
export const REQUEST_NOT_AVAILABLE = "This file request is not available.";

/**
 * Takes one file and `bytes` of the request's limits, inside the transaction that creates the upload. Refuses with
 * a message that says which limit, or the uniform 404 when the request is closed or expired.
 */
export async function reserveRequestShare(tx: Prisma.TransactionClient, opts: { requestId: string; bytes: number; now: Date }) {
  const taken = await tx.fileRequest.updateMany({
    where: {
      id: opts.requestId,
      closedAt: null,
      expiresAt: { gt: opts.now },
      filesLeft: { gte: 1 },
      bytesLeft: { gte: BigInt(opts.bytes) },
    },
    data: { filesLeft: { decrement: 1 }, bytesLeft: { decrement: BigInt(opts.bytes) } },
  });
  if (taken.count === 1) return;
  // Only the refusal's wording: the update refused either way.
  const request = await tx.fileRequest.findUnique({
    where: { id: opts.requestId },
    select: { closedAt: true, expiresAt: true, maxFiles: true, filesLeft: true, maxTotalBytes: true, bytesLeft: true },
  });
  if (!request || request.closedAt || request.expiresAt <= opts.now) throw notFound(REQUEST_NOT_AVAILABLE);
  if (request.filesLeft < 1) {
    throw new AppError(
      "too_large",
      `This request takes ${request.maxFiles === 1 ? "1 file" : `${request.maxFiles} files`}, and all of them have been sent.`,
    );
  }
  throw new AppError(
    "too_large",
    `This file does not fit: the request takes ${formatBytes(request.maxTotalBytes)} in all, and ${formatBytes(request.bytesLeft)} of that is left.`,
  );
}

/** Gives an upload's share of its request back, once (nothing when it holds none, or gave it back already). */
export async function giveBackRequestShare(tx: Prisma.TransactionClient, uploadId: string): Promise<void> {
  const upload = await tx.resumableUpload.findUnique({
    where: { id: uploadId },
    select: { requestId: true, length: true, requestReserved: true },
  });
  if (!upload?.requestId || !upload.requestReserved) return;
  const cleared = await tx.resumableUpload.updateMany({ where: { id: uploadId, requestReserved: true }, data: { requestReserved: false } });
  if (cleared.count !== 1) return;
  await tx.fileRequest.updateMany({
    where: { id: upload.requestId },
    data: { filesLeft: { increment: 1 }, bytesLeft: { increment: upload.length } },
  });
}
