// The tus 1.0.0 protocol's side of resumable uploads (https://tus.io/protocols/resumable-upload): the headers every
// answer carries, what a request must say, and the metadata it carries. What an upload is and who may write it is
// lib/files/resumable-uploads.ts's; this module only reads and writes headers (docs/decisions/076).
import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { toErrorResponse } from "./error-response";

export const TUS_VERSION = "1.0.0";
export const TUS_EXTENSIONS = "creation,creation-with-upload,termination,expiration";
export const OFFSET_CONTENT_TYPE = "application/offset+octet-stream";
/** The header a finished upload's answers carry: the id of the File it became. */
export const FILE_ID_HEADER = "Coffer-File-Id";

const NUMBER = /^(0|[1-9][0-9]{0,15})$/;

/** The headers of every tus answer. */
export function tusHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { "Tus-Resumable": TUS_VERSION, "Cache-Control": "no-store", ...extra };
}

/** OPTIONS: what this server offers. Asks nothing of the client and says nothing of any upload. */
export function tusOptions(): Response {
  return new Response(null, {
    status: 204,
    headers: tusHeaders({ "Tus-Version": TUS_VERSION, "Tus-Extension": TUS_EXTENSIONS, "Tus-Max-Size": String(env().MAX_FILE_SIZE) }),
  });
}

/** A request that does not speak tus 1.0.0 (412), or null. */
export function versionMismatch(request: Request): Response | null {
  if (request.headers.get("tus-resumable") === TUS_VERSION) return null;
  return Response.json(
    { error: `Send Tus-Resumable: ${TUS_VERSION}.` },
    { status: 412, headers: tusHeaders({ "Tus-Version": TUS_VERSION }) },
  );
}

/** A non-negative whole number header (Upload-Length, Upload-Offset), or the refusal to answer. */
export function numberHeader(request: Request, name: string): number {
  const value = request.headers.get(name);
  if (value === null || !NUMBER.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
    throw new AppError("invalid", `Send ${name} as a whole number of bytes.`);
  }
  return Number(value);
}

/** Upload-Metadata: comma-separated `key base64value` pairs; a key alone has an empty value. */
export function parseMetadata(header: string | null): Map<string, string> {
  const metadata = new Map<string, string>();
  if (!header) return metadata;
  if (header.length > 4096) throw new AppError("invalid", "Upload-Metadata is too long.");
  for (const pair of header.split(",")) {
    const [key, value, ...rest] = pair.trim().split(" ");
    if (!key || rest.length > 0 || !/^[A-Za-z0-9_.-]{1,64}$/.test(key) || (value && !/^[A-Za-z0-9+/]*={0,2}$/.test(value))) {
      throw new AppError("invalid", "Upload-Metadata is malformed: send key and base64 value pairs separated by commas.");
    }
    if (metadata.has(key)) throw new AppError("invalid", `Upload-Metadata names ${key} twice.`);
    metadata.set(key, value ? Buffer.from(value, "base64").toString("utf8") : "");
  }
  return metadata;
}

/** When the upload expires, as the expiration extension writes it (an HTTP date). */
export const uploadExpires = (at: Date) => at.toUTCString();

/** A route's failure, with the tus headers. */
export function tusError(error: unknown, request: Request): Response {
  return toErrorResponse(error, request, { headers: tusHeaders() });
}
