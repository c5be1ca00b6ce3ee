// File action schemas, shared by the dialogs (client) and the server actions.
import { z } from "@/lib/zod";

export const fileIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "Unknown file.");

export const renameFileSchema = z.object({
  fileId: fileIdSchema,
  name: z.string().trim().min(1, "Enter a name.").max(1024, "That name is too long."),
});
export type RenameFileInput = z.input<typeof renameFileSchema>;

export const deleteFileSchema = z.object({ fileId: fileIdSchema });

export const SORT_FIELDS = ["date", "name", "size"] as const;
export const listFilesSchema = z.object({
  sort: z.enum(SORT_FIELDS).catch("date"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  q: z.string().trim().max(200).catch(""),
  // Only the files that arrived through this file request of the user's (an id that is not theirs shows none).
  request: z.string().max(64).optional().catch(undefined),
  // Opaque and signed (file-list-cursor.ts); one that does not verify shows the first page.
  cursor: z.string().max(8192).optional().catch(undefined),
});
export type ListFilesQuery = z.output<typeof listFilesSchema>;

/** Several files at once (the dashboard's selection): at most a page and a bit. */
export const fileIdsSchema = z.array(fileIdSchema).min(1, "Select at least one file.").max(100, "Select at most 100 files.");
export const deleteFilesSchema = z.object({ fileIds: fileIdsSchema });
export type DeleteFilesInput = z.input<typeof deleteFilesSchema>;
