// HEAD, PATCH and DELETE /api/uploads/[id] — one resumable upload of the signed-in user (tus 1.0.0): where it stands,
// its next bytes from Upload-Offset, its termination. Another user's upload, an expired one and one that never was
// are the same 404. docs/decisions/076; lib/files/resumable-uploads.ts.
import { withUser } from "@/lib/http/with-user";
import { withPublic } from "@/lib/http/with-public";
import { uploadBody } from "@/lib/http/upload-body";
import { AppError } from "@/lib/errors";
import { findResumableUpload, terminateResumableUpload, writeResumableUpload, type ResumableStatus } from "@/lib/files/resumable-uploads";
import {
  FILE_ID_HEADER,
  numberHeader,
  OFFSET_CONTENT_TYPE,
  tusError,
  tusHeaders,
  tusOptions,
  uploadExpires,
  versionMismatch,
} from "@/lib/http/tus";

export const dynamic = "force-dynamic";

const statusHeaders = (status: ResumableStatus) =>
  tusHeaders({
    "Upload-Offset": String(status.offset),
    "Upload-Expires": uploadExpires(status.expiresAt),
    ...(status.fileId ? { [FILE_ID_HEADER]: status.fileId } : {}),
  });

const WRITE = { scopes: ["files:write"] } as const;

export const OPTIONS = withPublic(() => tusOptions(), { why: "tus clients ask what the server offers before anything else" });

export const HEAD = withUser<{ id: string }>(async (request, { user, params }) => {
  const mismatch = versionMismatch(request);
  if (mismatch) return mismatch;
  const status = await findResumableUpload({ userId: user.id, id: params.id });
  if (!status) return new Response(null, { status: 404, headers: tusHeaders() });
  return new Response(null, { status: 200, headers: { ...statusHeaders(status), "Upload-Length": String(status.length) } });
}, WRITE);

export const PATCH = withUser<{ id: string }>(
  async (request, { user, params }) => {
    const mismatch = versionMismatch(request);
    if (mismatch) return mismatch;
    try {
      if ((request.headers.get("content-type") ?? "").toLowerCase() !== OFFSET_CONTENT_TYPE) {
        throw new AppError("unsupported_type", `Send the bytes as ${OFFSET_CONTENT_TYPE}.`);
      }
      const offset = numberHeader(request, "upload-offset");
      const status = await writeResumableUpload({ userId: user.id, id: params.id, offset, ...uploadBody(request) });
      return new Response(null, { status: 204, headers: statusHeaders(status) });
    } catch (error) {
      return tusError(error, request);
    }
  },
  { scopes: ["files:write"], limit: "upload" },
);

export const DELETE = withUser<{ id: string }>(async (request, { user, params }) => {
  const mismatch = versionMismatch(request);
  if (mismatch) return mismatch;
  try {
    await terminateResumableUpload({ userId: user.id, id: params.id });
    return new Response(null, { status: 204, headers: tusHeaders() });
  } catch (error) {
    return tusError(error, request);
  }
}, WRITE);
