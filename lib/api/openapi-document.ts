// The OpenAPI 3.1 description of /api/v1 (and of the tus endpoint it sends large uploads to), generated from the
// operations the routes are built from (operations.ts) and their zod schemas: served at /api/v1/openapi.json and
// rendered by the reference page (app/docs/api). Built on each ask: a few milliseconds, and nothing to keep in memory.
import "server-only";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { z } from "@/lib/zod";
import { SCOPES } from "@/lib/api-tokens/scopes";
import { API_OPERATIONS, type ApiOperation } from "./operations";
import { apiErrorSchema } from "./schemas";
import { TUS_PATHS } from "./tus-operations";

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "VALIDATION_FAILED: fieldErrors names each field's problem.",
  401: "UNAUTHENTICATED: no valid token (or session). Says nothing more about the token.",
  403: "FORBIDDEN: the token lacks a scope this operation needs.",
  404: "NOT_FOUND: there is no such thing, or it is not yours (the two look the same).",
  409: "CONFLICT: it exists already.",
  413: "QUOTA_EXCEEDED (your quota is full) or TOO_LARGE (over the size limit, or too many files at once).",
  415: "UNSUPPORTED_TYPE: a blocked file type, or a body of the wrong type.",
  416: "The range lies outside the file (no body; Content-Range says the size).",
  429: "RATE_LIMITED: retryAfterSeconds (and Retry-After) says when to come back.",
  500: "INTERNAL: something went wrong on the server.",
  507: "INSUFFICIENT_STORAGE: the server is out of room, or your account holds the most files allowed.",
};

const ALWAYS = [401, 403, 429, 500];
const BYTES = { "application/octet-stream": { schema: { type: "string" as const, format: "binary" } } };
const downloadHeaders = {
  "Content-Length": { description: "Bytes in this answer.", schema: { type: "integer" as const } },
  "Accept-Ranges": { description: "bytes", schema: { type: "string" as const } },
  ETag: { description: "Send it back in If-Range when resuming.", schema: { type: "string" as const } },
};

function responses(operation: ApiOperation): ZodOpenApiResponsesObject {
  const { success } = operation;
  const noBody = operation.method === "head";
  const out: ZodOpenApiResponsesObject = {
    [String(success.status)]: {
      description: success.description,
      ...(success.schema ? { content: { "application/json": { schema: success.schema } } } : {}),
      ...(success.bytes ? { content: BYTES, headers: downloadHeaders } : {}),
      ...(noBody ? { headers: downloadHeaders } : {}),
    },
  };
  for (const status of [...operation.otherStatuses, ...ALWAYS].sort()) {
    if (status === 206) {
      out["206"] = {
        description: "The range asked for (Content-Range says which).",
        ...(noBody ? {} : { content: BYTES }),
        headers: downloadHeaders,
      };
    } else if (status === 416 || noBody) {
      out[String(status) as "400"] = { description: ERROR_DESCRIPTIONS[status] ?? "An error (no body)." };
    } else {
      out[String(status) as "400"] = {
        description: ERROR_DESCRIPTIONS[status],
        content: { "application/json": { schema: apiErrorSchema } },
        ...(status === 429 ? { headers: { "Retry-After": { description: "Seconds.", schema: { type: "integer" } } } } : {}),
      };
    }
  }
  return out;
}

const MULTIPART = z.object({
  file: z.array(z.string().meta({ format: "binary" })).meta({ description: "One part per file; its filename is the file's name." }),
});

function operationObject(operation: ApiOperation): ZodOpenApiOperationObject {
  const scopes = [...operation.scopes];
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: `${operation.description ? `${operation.description}\n\n` : ""}Needs ${scopes.map((s) => `\`${s}\``).join(", ")}.`,
    tags: [operation.tag],
    security: [{ token: scopes }],
    "x-coffer-scopes": scopes,
    requestParams: { ...(operation.params ? { path: operation.params } : {}), ...(operation.query ? { query: operation.query } : {}) },
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content:
              "json" in operation.body
                ? { "application/json": { schema: operation.body.json } }
                : { "multipart/form-data": { schema: MULTIPART } },
          },
        }
      : {}),
    responses: responses(operation),
  };
}

/** The document, with `serverUrl` (the instance's APP_URL) as its server. */
export function openApiDocument(serverUrl: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of Object.values(API_OPERATIONS) as ApiOperation[]) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: operationObject(operation) };
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Coffer API",
      version: "1",
      description:
        'Your files, links and shares, for scripts. Send a personal access token (Settings → API tokens) as `Authorization: Bearer coffer_pat_…`; each operation names the scopes it needs. A signed-in browser session works too. Errors are `{ "error": { "code", "message", "fieldErrors"?, "retryAfterSeconds"? } }`.',
    },
    servers: [{ url: serverUrl }],
    tags: [
      { name: "Files" },
      { name: "Links", description: "Public links: anyone with the address may download, within its expiry, password and limit." },
      { name: "Shares", description: "Files shared with other users of this server." },
      { name: "Resumable uploads", description: "tus 1.0.0, for large files and uploads that must survive a broken connection." },
    ],
    paths: { ...paths, ...TUS_PATHS },
    components: {
      securitySchemes: {
        token: {
          type: "http",
          scheme: "bearer",
          description: `A personal access token. Scopes: ${Object.entries(SCOPES)
            .map(([scope, what]) => `\`${scope}\` (${what.toLowerCase()})`)
            .join("; ")}.`,
        },
      },
    },
  });
}
