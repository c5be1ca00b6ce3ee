// Every operation of /api/v1: its method and path, the scopes a token needs, what it takes and what it answers. The
// routes are built from these (lib/http/with-api.ts takes the operation, so the scopes a route checks are the ones
// described), and the OpenAPI document and the reference page are generated from them.
import type { z } from "@/lib/zod";
import type { Scope } from "@/lib/api-tokens/scopes";
import {
  createdLinkEnvelopeSchema,
  createLinkBodySchema,
  fileEnvelopeSchema,
  fileParamsSchema,
  filesEnvelopeSchema,
  filesListSchema,
  linkParamsSchema,
  linksListSchema,
  listFilesQuerySchema,
  renameFileBodySchema,
  shareEnvelopeSchema,
  shareFileBodySchema,
  shareParamsSchema,
  sharesListSchema,
} from "./schemas";

export type ApiOperation = {
  operationId: string;
  method: "get" | "head" | "post" | "patch" | "delete";
  /** The OpenAPI path, under the site's origin. */
  path: string;
  summary: string;
  description?: string;
  tag: "Files" | "Links" | "Shares";
  scopes: readonly Scope[];
  /** Which named rate limit it counts against (lib/rate-limit.ts): "api" unless it says. */
  limit?: "api" | "upload";
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { json: z.ZodType } | { multipart: true };
  success: { status: 200 | 201 | 204; description: string; schema?: z.ZodType; bytes?: true };
  /** Statuses it may answer besides its success and 401, 403, 429 and 500 (which every operation may). */
  otherStatuses: readonly number[];
};

const op = <T extends ApiOperation>(operation: T) => operation;

export const API_OPERATIONS = {
  listFiles: op({
    operationId: "listFiles",
    method: "get",
    path: "/api/v1/files",
    summary: "List your files",
    description: "One page at a time: pass the answer's nextCursor as cursor (with the same sort and order) for the next.",
    tag: "Files",
    scopes: ["files:read"],
    query: listFilesQuerySchema,
    success: { status: 200, description: "A page of your files.", schema: filesListSchema },
    otherStatuses: [400],
  }),
  uploadFiles: op({
    operationId: "uploadFiles",
    method: "post",
    path: "/api/v1/files",
    summary: "Upload files",
    description:
      "multipart/form-data with one or more file parts (any field name; no other fields). For large files, or to resume, use the tus endpoint /api/uploads.",
    tag: "Files",
    scopes: ["files:write"],
    limit: "upload",
    body: { multipart: true },
    success: { status: 201, description: "The files as stored.", schema: filesEnvelopeSchema },
    otherStatuses: [400, 413, 415, 507],
  }),
  getFile: op({
    operationId: "getFile",
    method: "get",
    path: "/api/v1/files/{id}",
    summary: "Get a file's details",
    description: "Your file, or one shared with you.",
    tag: "Files",
    scopes: ["files:read"],
    params: fileParamsSchema,
    success: { status: 200, description: "The file.", schema: fileEnvelopeSchema },
    otherStatuses: [404],
  }),
  renameFile: op({
    operationId: "renameFile",
    method: "patch",
    path: "/api/v1/files/{id}",
    summary: "Rename a file",
    tag: "Files",
    scopes: ["files:write"],
    params: fileParamsSchema,
    body: { json: renameFileBodySchema },
    success: { status: 200, description: "The renamed file.", schema: fileEnvelopeSchema },
    otherStatuses: [400, 404, 413, 415],
  }),
  deleteFile: op({
    operationId: "deleteFile",
    method: "delete",
    path: "/api/v1/files/{id}",
    summary: "Delete a file",
    description: "With its links and shares; downloads under way stop.",
    tag: "Files",
    scopes: ["files:write"],
    params: fileParamsSchema,
    success: { status: 204, description: "Deleted." },
    otherStatuses: [404],
  }),
  downloadFile: op({
    operationId: "downloadFile",
    method: "get",
    path: "/api/v1/files/{id}/content",
    summary: "Download a file's bytes",
    description: "Send Range: bytes=N- to resume (one range per request); If-Range with the ETag keeps it to the same bytes.",
    tag: "Files",
    scopes: ["files:read"],
    params: fileParamsSchema,
    success: { status: 200, description: "The whole file (206 with a range).", bytes: true },
    otherStatuses: [206, 404, 416],
  }),
  headFile: op({
    operationId: "headFile",
    method: "head",
    path: "/api/v1/files/{id}/content",
    summary: "A download's headers without its bytes",
    tag: "Files",
    scopes: ["files:read"],
    params: fileParamsSchema,
    success: { status: 200, description: "Content-Length, ETag and Content-Type of the download." },
    otherStatuses: [206, 404, 416],
  }),
  listLinks: op({
    operationId: "listLinks",
    method: "get",
    path: "/api/v1/files/{id}/links",
    summary: "List a file's links",
    description: "Their addresses are not listed: a link's URL is answered once, when it is created.",
    tag: "Links",
    scopes: ["files:read"],
    params: fileParamsSchema,
    success: { status: 200, description: "The file's links, newest first.", schema: linksListSchema },
    otherStatuses: [404],
  }),
  createLink: op({
    operationId: "createLink",
    method: "post",
    path: "/api/v1/files/{id}/links",
    summary: "Create a public link to a file",
    tag: "Links",
    scopes: ["shares:write"],
    params: fileParamsSchema,
    body: { json: createLinkBodySchema },
    success: { status: 201, description: "The link, with its URL (shown this once).", schema: createdLinkEnvelopeSchema },
    otherStatuses: [400, 404, 413],
  }),
  revokeLink: op({
    operationId: "revokeLink",
    method: "delete",
    path: "/api/v1/links/{id}",
    summary: "Revoke a link",
    description: "It stops working at once, downloads under way included.",
    tag: "Links",
    scopes: ["shares:write"],
    params: linkParamsSchema,
    success: { status: 204, description: "Revoked." },
    otherStatuses: [404],
  }),
  listShares: op({
    operationId: "listShares",
    method: "get",
    path: "/api/v1/files/{id}/shares",
    summary: "List whom a file is shared with",
    tag: "Shares",
    scopes: ["files:read"],
    params: fileParamsSchema,
    success: { status: 200, description: "The file's shares, newest first.", schema: sharesListSchema },
    otherStatuses: [404],
  }),
  shareFile: op({
    operationId: "shareFile",
    method: "post",
    path: "/api/v1/files/{id}/shares",
    summary: "Share a file with another user",
    description: "They see it under Shared with me and may download it. An unknown username is a 404 with a field error.",
    tag: "Shares",
    scopes: ["shares:write"],
    params: fileParamsSchema,
    body: { json: shareFileBodySchema },
    success: { status: 201, description: "The share.", schema: shareEnvelopeSchema },
    otherStatuses: [400, 404, 409, 413],
  }),
  revokeShare: op({
    operationId: "revokeShare",
    method: "delete",
    path: "/api/v1/shares/{id}",
    summary: "Stop sharing a file with someone",
    tag: "Shares",
    scopes: ["shares:write"],
    params: shareParamsSchema,
    success: { status: 204, description: "Revoked." },
    otherStatuses: [404],
  }),
} as const satisfies Record<string, ApiOperation>;

export type ApiOperationName = keyof typeof API_OPERATIONS;
