// HEAD, PATCH and DELETE /api/requests/[token]/uploads/[id] — one upload of a file request's visitor (tus 1.0.0): where
// it stands, its next bytes, its termination. An upload of another request or of an owner, an expired one and one
// that never was are the same 404; a closed or expired request stops its uploads under way. Never answers the file
// an upload became. docs/decisions/079; lib/requests/visitor-uploads.ts.
import { withPublic } from "@/lib/http/with-public";
import { withRequestVisitor } from "@/lib/http/with-request-visitor";
import { uploadBody } from "@/lib/http/upload-body";
import { AppError } from "@/lib/errors";
import { findVisitorUpload, terminateVisitorUpload, writeVisitorUpload, type VisitorUploadStatus } from "@/lib/requests/visitor-uploads";
import { numberHeader, OFFSET_CONTENT_TYPE, tusError, tusHeaders, tusOptions, uploadExpires, versionMismatch } from "@/lib/http/tus";

export const dynamic = "force-dynamic";

type Params = { token: string; id: string };

const statusHeaders = (status: VisitorUploadStatus) =>
  tusHeaders({ "Upload-Offset": String(status.offset), "Upload-Expires": uploadExpires(status.expiresAt) });

export const OPTIONS = withPublic(() => tusOptions(), { why: "tus clients ask what the server offers before anything else" });

export const HEAD = withRequestVisitor<Params>(async (request, { visitor, params }) => {
  const mismatch = versionMismatch(request);
  if (mismatch) return mismatch;
  try {
    const status = await findVisitorUpload({ visitor, id: params.id });
    if (!status) return new Response(null, { status: 404, headers: tusHeaders() });
    return new Response(null, { status: 200, headers: { ...statusHeaders(status), "Upload-Length": String(status.length) } });
  } catch (error) {
    return tusError(error, request);
  }
});

export const PATCH = withRequestVisitor<Params>(async (request, { visitor, params }) => {
  const mismatch = versionMismatch(request);
  if (mismatch) return mismatch;
  try {
    if ((request.headers.get("content-type") ?? "").toLowerCase() !== OFFSET_CONTENT_TYPE) {
      throw new AppError("unsupported_type", `Send the bytes as ${OFFSET_CONTENT_TYPE}.`);
    }
    const offset = numberHeader(request, "upload-offset");
    const status = await writeVisitorUpload({ visitor, id: params.id, offset, ...uploadBody(request) });
    return new Response(null, { status: 204, headers: statusHeaders(status) });
  } catch (error) {
    return tusError(error, request);
  }
});

export const DELETE = withRequestVisitor<Params>(async (request, { visitor, params }) => {
  const mismatch = versionMismatch(request);
  if (mismatch) return mismatch;
  try {
    await terminateVisitorUpload({ visitor, id: params.id });
    return new Response(null, { status: 204, headers: tusHeaders() });
  } catch (error) {
    return tusError(error, request);
  }
});
