// GET and HEAD /api/files/[id]/download — the decrypted file for a user the access module lets read it.
// A recipient's completed download goes into the owner's activity trail.
import { withUser } from "@/lib/http/with-user";
import { serveFile } from "@/lib/http/download/serve-file";
import { notFound } from "@/lib/errors";
import { findReadableFile } from "@/lib/files/access";
import { fileIdSchema } from "@/lib/files/schemas";
import { recordActivity } from "@/lib/activity/record-activity";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string }>(
  async (request, { user, params }) => {
    const fileId = fileIdSchema.safeParse(params.id);
    if (!fileId.success) throw notFound();
    const file = await findReadableFile({ fileId: fileId.data, userId: user.id });
    if (!file) throw notFound();
    const byRecipient = file.ownerId !== user.id;
    return serveFile(request, file, {
      scope: { fileId: file.id, ownerId: file.ownerId, ...(byRecipient ? { recipientId: user.id } : {}) },
      stillAllowed: async () => (await findReadableFile({ fileId: file.id, userId: user.id })) !== null,
      onSettled: async ({ complete }) => {
        if (complete && byRecipient)
          await recordActivity({ fileId: file.id, kind: "download.user", actorId: user.id, actorName: user.username });
      },
    });
  },
  { scopes: ["files:read"] },
);

export const HEAD = GET;
