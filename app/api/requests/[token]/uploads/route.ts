// POST /api/requests/[token]/uploads — a file request's visitor creates a resumable upload (tus 1.0.0, creation and
// creation-with-upload), as /api/uploads does for the owner: Upload-Length and Upload-Metadata (filename, and the
// sender's name as `sender`) declare it. The request's limits, the owner's quota, the types and the largest file are
// checked before a byte is stored. The answer never names the file. docs/decisions/079; lib/requests/visitor-uploads.ts.
import { withPublic } from "@/lib/http/with-public";
import { withRequestVisitor } from "@/lib/http/with-request-visitor";
import { uploadBody } from "@/lib/http/upload-body";
import { AppError } from "@/lib/errors";
import { createVisitorUpload, writeVisitorUpload } from "@/lib/requests/visitor-uploads";
import {
  numberHeader,
  OFFSET_CONTENT_TYPE,
  parseMetadata,
  tusError,
  tusHeaders,
  tusOptions,
  uploadExpires,
  versionMismatch,
} from "@/lib/http/tus";

export const dynamic = "force-dynamic";

export const OPTIONS = withPublic(() => tusOptions(), { why: "tus clients ask what the server offers before anything else" });

export const POST = withRequestVisitor<{ token: string }>(async (request, { visitor, params }) => {
  const mismatch = versionMismatch(request);
  if (mismatch) return mismatch;
  try {
    if (request.headers.has("upload-defer-length")) {
      throw new AppError("invalid", "Declare the length with Upload-Length: uploads of unknown length are not taken.");
    }
    const length = numberHeader(request, "upload-length");
    const metadata = parseMetadata(request.headers.get("upload-metadata"));
    const name = metadata.get("filename") ?? metadata.get("name") ?? "";
    if (!name.trim()) throw new AppError("invalid", "Name the file in Upload-Metadata (filename, base64).");
    const withBody = (request.headers.get("content-type") ?? "").toLowerCase() === OFFSET_CONTENT_TYPE;
    let status = await createVisitorUpload({ visitor, length, name, senderName: metadata.get("sender") ?? null });
    if (withBody && !status.complete) {
      status = await writeVisitorUpload({ visitor, id: status.id, offset: 0, ...uploadBody(request) });
    }
    return new Response(null, {
      status: 201,
      headers: tusHeaders({
        Location: `/api/requests/${params.token}/uploads/${status.id}`,
        "Upload-Offset": String(status.offset),
        "Upload-Expires": uploadExpires(status.expiresAt),
      }),
    });
  } catch (error) {
    return tusError(error, request);
  }
});
