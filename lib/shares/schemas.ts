// Sharing schemas, shared by the forms and the server actions.
import { z } from "@/lib/zod";
import { usernameSchema } from "@/lib/auth/schemas";
import { fileIdSchema } from "@/lib/files/schemas";

export const shareFileSchema = z.object({ fileId: fileIdSchema, username: usernameSchema });
export type ShareFileInput = z.input<typeof shareFileSchema>;

export const shareIdSchema = z.object({ shareId: z.string().min(1).max(64) });
