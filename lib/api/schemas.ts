// The schemas of /api/v1: what its routes validate requests with, and what they answer. The OpenAPI document
// (lib/api/openapi-document.ts) is generated from these, so the description cannot say one thing while a route
// does another. Field rules come from the domain's own schemas (the same as the web forms'), not copies of them.
import "zod-openapi";
import { z } from "@/lib/zod";
import { fileIdSchema, renameFileSchema } from "@/lib/files/schemas";
import { downloadLimit, linkLabelSchema, linkPasswordSchema } from "@/lib/links/schemas";
import { usernameSchema } from "@/lib/auth/schemas";
import { API_ERROR_CODE_NAMES } from "./error-codes";

const id = z.string().min(1).max(64);
const isoTime = z.iso.datetime().meta({ description: "An ISO 8601 time, UTC." });

export const fileSchema = z
  .object({
    id,
    name: z.string(),
    size: z.number().int().min(0).meta({ description: "Bytes." }),
    mimeType: z.string(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .meta({ description: "The SHA-256 of the file's bytes, hex." }),
    createdAt: isoTime,
  })
  .meta({ id: "File" });

export const LINK_STATUSES = ["active", "expired", "used up", "revoked"] as const;

export const linkSchema = z
  .object({
    id,
    fileId: id,
    label: z.string().nullable(),
    status: z.enum(LINK_STATUSES),
    createdAt: isoTime,
    expiresAt: isoTime.nullable().meta({ description: "Null: it never expires." }),
    maxDownloads: z.number().int().nullable().meta({ description: "Null: no limit." }),
    downloadCount: z.number().int().min(0),
    hasPassword: z.boolean(),
  })
  .meta({ id: "Link" });

export const createdLinkSchema = linkSchema
  .extend({ url: z.url().meta({ description: "The link's address. Answered once, at creation: keep it." }) })
  .meta({ id: "CreatedLink" });

export const shareSchema = z
  .object({
    id,
    fileId: id,
    username: z.string().meta({ description: "The user the file is shared with." }),
    createdAt: isoTime,
  })
  .meta({ id: "Share" });

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODE_NAMES),
      message: z.string().meta({ description: "For people: the code is what a script should act on." }),
      fieldErrors: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Messages per request field." }),
      retryAfterSeconds: z.number().int().min(1).optional().meta({ description: "With 429 (and in Retry-After)." }),
    }),
  })
  .meta({ id: "Error" });

export const fileParamsSchema = z.object({ id: fileIdSchema.meta({ description: "The file's id." }) });
export const linkParamsSchema = z.object({ id: id.meta({ description: "The link's id." }) });
export const shareParamsSchema = z.object({ id: id.meta({ description: "The share's id." }) });

/** The sort columns the API names, and the dashboard's names for them (lib/files/schemas.ts). */
export const API_FILE_SORTS = { createdAt: "date", name: "name", size: "size" } as const;

export const listFilesQuerySchema = z.strictObject({
  cursor: z.string().max(8192).optional().meta({ description: "The previous page's nextCursor, with the same sort and order." }),
  q: z.string().trim().max(200).optional().meta({ description: "Only files whose name contains this." }),
  sort: z.enum(Object.keys(API_FILE_SORTS) as [keyof typeof API_FILE_SORTS]).default("createdAt"),
  order: z.enum(["asc", "desc"]).default("desc"),
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: "Files per page." }),
});

export const renameFileBodySchema = z.strictObject({ name: renameFileSchema.shape.name });

export const createLinkBodySchema = z.strictObject({
  expiresInDays: z
    .number()
    .positive()
    .max(3650)
    .nullable()
    .optional()
    .meta({ description: "Days until it stops working (7 when left out, as in the web UI); null: never." }),
  password: linkPasswordSchema.optional().meta({ description: "Visitors must enter it before they download." }),
  maxDownloads: downloadLimit(z.number()).optional().meta({ description: "Completed downloads it allows." }),
  label: linkLabelSchema.meta({ description: "For you: visitors do not see it." }),
});

export const shareFileBodySchema = z.strictObject({ username: usernameSchema });

export const filesListSchema = z.object({ files: z.array(fileSchema), nextCursor: z.string().nullable() });
export const fileEnvelopeSchema = z.object({ file: fileSchema });
export const filesEnvelopeSchema = z.object({ files: z.array(fileSchema) });
export const linksListSchema = z.object({ links: z.array(linkSchema) });
export const createdLinkEnvelopeSchema = z.object({ link: createdLinkSchema });
export const sharesListSchema = z.object({ shares: z.array(shareSchema) });
export const shareEnvelopeSchema = z.object({ share: shareSchema });

export type ApiFile = z.output<typeof fileSchema>;
export type ApiLink = z.output<typeof linkSchema>;
export type ApiShare = z.output<typeof shareSchema>;
