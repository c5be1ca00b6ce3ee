// A file request's visitor uploads through tus, at routes scoped to the request (app/api/requests/[token]/uploads):
// every call finds the request by its token first (the uniform 404 when it is unknown, expired or closed; a miss counts
// toward the address's guessing limit; a used-up request's page is the 404 too, while a new upload is told which
// limit it hit), asks for the unlock cookie when it has a
// password, and then reaches only that request's uploads. A new upload is checked against the request's types and
// largest file here, and draws on its count and total with the owner's quota in one transaction
// (lib/files/resumable-uploads.ts). Nothing here answers a file's id, name or bytes: a visitor reads nothing.
import "server-only";
import type { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { throttleKey } from "@/lib/client-address";
import { formatBytes } from "@/lib/files/format-bytes";
import { toDisplayName } from "@/lib/files/display-name";
import {
  createResumableUpload,
  findResumableUpload,
  terminateResumableUpload,
  writeResumableUpload,
  type ResumableStatus,
} from "@/lib/files/resumable-uploads";
import { cleanText } from "@/lib/short-text";
import { findRequestForVisitor, type VisitorRequest } from "./find-request-for-visitor";
import { isRequestUnlocked } from "./unlock-cookie";
import { typeRefusal } from "./limits";

/** Who calls: the token from the URL, the client's address, and the request's unlock cookie if the browser sent one. */
export type RequestVisitor = { token: string; address: string; unlockCookie: (requestId: string) => string | undefined };

/** What a visitor learns of an upload: where it stands, never the file it became. */
export type VisitorUploadStatus = { id: string; offset: number; length: number; expiresAt: Date; complete: boolean };

const statusFor = (status: ResumableStatus): VisitorUploadStatus => ({
  id: status.id,
  offset: status.offset,
  length: status.length,
  expiresAt: status.expiresAt,
  complete: status.fileId !== null,
});

async function requestFor(visitor: RequestVisitor, state: "accepting" | "open"): Promise<VisitorRequest> {
  const request = await findRequestForVisitor({ token: visitor.token, address: visitor.address, state });
  if (request.passwordHash && !isRequestUnlocked(request.id, visitor.unlockCookie(request.id))) {
    throw new AppError("forbidden", "This request is protected by a password: enter it on the request's page first.");
  }
  return request;
}

/** Each address's uploads under way count against its own slots (MAX_CONCURRENT_UPLOADS), never the owner's. */
const slotKey = (visitor: RequestVisitor) => `request-visitor:${throttleKey(visitor.address)}`;

const scope = (request: VisitorRequest, visitor: RequestVisitor) => ({
  userId: request.ownerId,
  requestId: request.id,
  slotKey: slotKey(visitor),
});

export async function createVisitorUpload(opts: {
  visitor: RequestVisitor;
  length: number;
  name: string;
  senderName: string | null;
}): Promise<VisitorUploadStatus> {
  // Open is enough here: a request used up (no file or byte left) is refused by the reservation with the limit's words.
  const request = await requestFor(opts.visitor, "open");
  const refusal = typeRefusal(toDisplayName(opts.name), request.allowedTypes);
  if (refusal) throw new AppError("unsupported_type", refusal);
  if (request.maxFileBytes !== null && opts.length > Number(request.maxFileBytes)) {
    throw new AppError("too_large", `This request takes files of at most ${formatBytes(request.maxFileBytes)} each.`);
  }
  const sender = opts.senderName ? cleanText(opts.senderName).slice(0, 80) || null : null;
  const status = await createResumableUpload({
    userId: request.ownerId,
    length: opts.length,
    name: opts.name,
    onBehalfOf: { requestId: request.id, senderName: sender },
    slotKey: slotKey(opts.visitor),
  });
  return statusFor(status);
}

export async function findVisitorUpload(opts: { visitor: RequestVisitor; id: string }): Promise<VisitorUploadStatus | null> {
  const request = await requestFor(opts.visitor, "open");
  const status = await findResumableUpload({ ...scope(request, opts.visitor), id: opts.id });
  return status ? statusFor(status) : null;
}

export async function writeVisitorUpload(opts: {
  visitor: RequestVisitor;
  id: string;
  offset: number;
  body: Readable | null;
  declaredLength: number | null;
  clientGone: AbortSignal;
}): Promise<VisitorUploadStatus> {
  const request = await requestFor(opts.visitor, "open");
  const { id, offset, body, declaredLength, clientGone } = opts;
  return statusFor(await writeResumableUpload({ ...scope(request, opts.visitor), id, offset, body, declaredLength, clientGone }));
}

export async function terminateVisitorUpload(opts: { visitor: RequestVisitor; id: string }): Promise<void> {
  const request = await requestFor(opts.visitor, "open");
  await terminateResumableUpload({ ...scope(request, opts.visitor), id: opts.id });
}
