// POST /api/files — a streaming multipart upload for the signed-in user; answers the created files as JSON.
import { withUser } from "@/lib/http/with-user";
import { uploadBody } from "@/lib/http/upload-body";
import { receiveUpload } from "@/lib/files/receive-upload";

export const dynamic = "force-dynamic";

export const POST = withUser(
  async (request, { user }) => {
    const files = await receiveUpload({ userId: user.id, ...uploadBody(request) });
    return Response.json({ files }, { status: 201, headers: { "Cache-Control": "no-store" } });
  },
  { scopes: ["files:write"], limit: "upload" },
);
