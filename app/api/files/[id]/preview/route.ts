// GET and HEAD /api/files/[id]/preview — the file page's preview for anyone who may read the file
// (lib/http/serve-file-preview.ts). Never a download: nothing is counted and nothing enters the activity.
import { filePreviewRoute } from "@/lib/http/serve-file-preview";

export const dynamic = "force-dynamic";

export const GET = filePreviewRoute("large");
export const HEAD = GET;
