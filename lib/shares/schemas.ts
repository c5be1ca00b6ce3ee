// Sharing schemas, shared by the forms and the server actions.
import { z } from "@/lib/zod";
import { usernameSchema } from "@/lib/auth/schemas";
import { fileIdSchema, fileIdsSchema } from "@/lib/files/schemas";

export const shareFileSchema = z.object({ fileId: fileIdSchema, username: usernameSchema });
export type ShareFileInput = z.input<typeof shareFileSchema>;

export const shareIdSchema = z.object({ shareId: z.string().min(1).max(64) });

export const shareFilesSchema = z.object({ fileIds: fileIdsSchema, username: usernameSchema });
export type ShareFilesInput = z.input<typeof shareFilesSchema>;

export const shareIdsSchema = z.object({ shareIds: z.array(z.string().min(1).max(64)).min(1, "Select at least one share.").max(500) });
export type ShareIdsInput = z.input<typeof shareIdsSchema>;
