// GET and HEAD /api/files/[id]/download — the decrypted file for a user the access module lets read it
// (lib/http/download/serve-user-download.ts, which /api/v1/files/[id]/content serves too).
import { withUser } from "@/lib/http/with-user";
import { serveUserDownload } from "@/lib/http/download/serve-user-download";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string }>(async (request, { user, params }) => serveUserDownload(request, { user, fileId: params.id }), {
  scopes: ["files:read"],
});

export const HEAD = GET;
