// GET and HEAD /api/v1/files/[id]/content — the file's bytes, with Range (as the web UI's download).
import { withApi } from "@/lib/http/with-api";
import { serveUserDownload } from "@/lib/http/download/serve-user-download";
import { API_OPERATIONS } from "@/lib/api/operations";

export const dynamic = "force-dynamic";

export const GET = withApi<{ id: string }>(
  async (request, { user, params }) => serveUserDownload(request, { user, fileId: params.id }),
  API_OPERATIONS.downloadFile,
);

export const HEAD = GET;
