// POST /api/files — streaming multipart upload for the signed-in user; answers the created files as JSON.
import { withUser } from "@/lib/http/with-user";
import { receiveUpload } from "@/lib/files/receive-upload";

export const dynamic = "force-dynamic";

export const POST = withUser(
  async (request, { user }) => {
    const files = await receiveUpload({ request, userId: user.id });
    return Response.json({ files }, { status: 201, headers: { "Cache-Control": "no-store" } });
  },
  { limit: "upload" },
);
