// The resumable-upload endpoint (tus 1.0.0, app/api/uploads, docs/decisions/076), as the OpenAPI document describes
// it. Its routes speak tus's headers rather than JSON, and their errors keep the web UI's `{ error: message }`.
import "zod-openapi";
import { z } from "@/lib/zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";

const TUS_SCOPES = ["files:write"];

const tusError = z.object({ error: z.string() }).meta({ id: "TusError", description: "The tus endpoint's error body." });
const failure = (description: string) => ({ description, content: { "application/json": { schema: tusError } } });
const uploadId = z.object({ id: z.string().meta({ description: "The upload's id (the end of its Location)." }) });
const resumable = z.literal("1.0.0").meta({ description: "tus's version: every request but OPTIONS sends it." });
const header = (description: string, schema: object = { type: "string" }) => ({ description, schema });
const offsetHeaders = {
  "Upload-Offset": header("Bytes the server holds.", { type: "integer", minimum: 0 }),
  "Upload-Expires": header("When an unfinished upload and its bytes go (an HTTP date)."),
  "Coffer-File-Id": header("Once the last byte is in: the id of the file it became (use it with /api/v1/files/{id})."),
};
/** A HEAD answer has no body, errors included. */
const headCommon = {
  "401": { description: "No valid session or token." },
  "403": { description: "The token lacks files:write." },
  "412": { description: "Tus-Resumable is not 1.0.0." },
  "429": { description: "Too many requests; Retry-After says when to come back.", headers: { "Retry-After": header("Seconds.") } },
};
const common = {
  "401": failure("No valid session or token."),
  "403": failure("The token lacks files:write."),
  "412": failure("Tus-Resumable is not 1.0.0."),
  "429": { ...failure("Too many requests; Retry-After says when to come back."), headers: { "Retry-After": header("Seconds.") } },
};

export const TUS_PATHS: ZodOpenApiPathsObject = {
  "/api/uploads": {
    options: {
      operationId: "tusOptions",
      tags: ["Resumable uploads"],
      summary: "What the tus endpoint offers",
      security: [],
      responses: {
        "204": {
          description: "Tus-Version, Tus-Extension (creation, creation-with-upload, termination, expiration) and Tus-Max-Size.",
          headers: { "Tus-Version": header("1.0.0"), "Tus-Extension": header("The extensions."), "Tus-Max-Size": header("Bytes.") },
        },
      },
    },
    post: {
      operationId: "tusCreate",
      tags: ["Resumable uploads"],
      summary: "Start a resumable upload",
      description:
        "Upload-Length is the file's size and Upload-Metadata names it (filename, base64). A body of application/offset+octet-stream is its first bytes. The whole length is reserved against your quota.",
      security: [{ token: TUS_SCOPES }],
      "x-coffer-scopes": TUS_SCOPES,
      requestParams: {
        header: z.object({
          "Tus-Resumable": resumable,
          "Upload-Length": z.string().regex(/^\d+$/).meta({ description: "The file's size in bytes." }),
          "Upload-Metadata": z.string().meta({ description: "filename <base64 of the name>" }),
        }),
      },
      responses: {
        "201": {
          description: "Created: Location is where to send the bytes.",
          headers: { Location: header("The upload's URL."), ...offsetHeaders },
        },
        "400": failure("A header is missing or malformed."),
        "413": failure("Over the size limit or the quota."),
        ...common,
      },
    },
  },
  "/api/uploads/{id}": {
    head: {
      operationId: "tusOffset",
      tags: ["Resumable uploads"],
      summary: "How much of an upload the server holds",
      security: [{ token: TUS_SCOPES }],
      "x-coffer-scopes": TUS_SCOPES,
      requestParams: { path: uploadId, header: z.object({ "Tus-Resumable": resumable }) },
      responses: {
        "200": {
          description: "Upload-Offset and Upload-Length.",
          headers: { ...offsetHeaders, "Upload-Length": header("The file's size.") },
        },
        "404": { description: "No such upload of yours." },
        ...headCommon,
      },
    },
    patch: {
      operationId: "tusAppend",
      tags: ["Resumable uploads"],
      summary: "Send the next bytes",
      description:
        "Content-Type application/offset+octet-stream, Upload-Offset the offset HEAD answered. One writer at a time (423 otherwise).",
      security: [{ token: TUS_SCOPES }],
      "x-coffer-scopes": TUS_SCOPES,
      requestParams: {
        path: uploadId,
        header: z.object({ "Tus-Resumable": resumable, "Upload-Offset": z.string().regex(/^\d+$/) }),
      },
      requestBody: { content: { "application/offset+octet-stream": { schema: { type: "string", format: "binary" } } } },
      responses: {
        "204": { description: "Taken: Upload-Offset is where the next request starts.", headers: offsetHeaders },
        "404": failure("No such upload of yours."),
        "409": failure("Upload-Offset is not the server's."),
        "415": failure("Not application/offset+octet-stream."),
        "423": failure("Another request is writing this upload."),
        ...common,
      },
    },
    delete: {
      operationId: "tusTerminate",
      tags: ["Resumable uploads"],
      summary: "Abandon an upload",
      security: [{ token: TUS_SCOPES }],
      "x-coffer-scopes": TUS_SCOPES,
      requestParams: { path: uploadId, header: z.object({ "Tus-Resumable": resumable }) },
      responses: { "204": { description: "Gone, with its bytes." }, "404": failure("No such upload of yours."), ...common },
    },
  },
};
