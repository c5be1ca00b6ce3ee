// GET and HEAD /api/files/[id]/thumbnail — a small WebP of an image file for the lists, for anyone who may read
// it (lib/http/serve-file-preview.ts).
import { filePreviewRoute } from "@/lib/http/serve-file-preview";

export const dynamic = "force-dynamic";

export const GET = filePreviewRoute("thumbnail");
export const HEAD = GET;
