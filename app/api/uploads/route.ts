// POST /api/uploads — creates a resumable upload (tus 1.0.0, creation and creation-with-upload): Upload-Length and
// Upload-Metadata (filename) declare it; a body of application/offset+octet-stream is its first bytes. Answers 201
// with its Location. OPTIONS says what the server offers. docs/decisions/076; lib/files/resumable-uploads.ts.
import { withUser } from "@/lib/http/with-user";
import { withPublic } from "@/lib/http/with-public";
import { uploadBody } from "@/lib/http/upload-body";
import { AppError } from "@/lib/errors";
import { createResumableUpload, writeResumableUpload } from "@/lib/files/resumable-uploads";
import {
  FILE_ID_HEADER,
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

export const POST = withUser(
  async (request, { user }) => {
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
      let status = await createResumableUpload({ userId: user.id, length, name });
      if (withBody && !status.fileId) {
        const body = uploadBody(request);
        status = await writeResumableUpload({ userId: user.id, id: status.id, offset: 0, ...body });
      }
      return new Response(null, {
        status: 201,
        headers: tusHeaders({
          Location: `/api/uploads/${status.id}`,
          "Upload-Offset": String(status.offset),
          "Upload-Expires": uploadExpires(status.expiresAt),
          ...(status.fileId ? { [FILE_ID_HEADER]: status.fileId } : {}),
        }),
      });
    } catch (error) {
      return tusError(error, request);
    }
  },
  { scopes: ["files:write"], limit: "upload" },
);
