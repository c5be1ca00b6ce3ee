// A signed-in user's (or a token's) download of a file the access module lets them read: the web UI's
// /api/files/[id]/download and the API's /api/v1/files/[id]/content. A recipient's completed download goes into the
// owner's activity trail.
import "server-only";
import { notFound } from "@/lib/errors";
import { findReadableFile } from "@/lib/files/access";
import { fileIdSchema } from "@/lib/files/schemas";
import { recordActivity } from "@/lib/activity/record-activity";
import type { PrincipalUser } from "@/lib/auth/principal";
import { serveFile } from "./serve-file";

export async function serveUserDownload(request: Request, opts: { user: PrincipalUser; fileId: string }): Promise<Response> {
  const { user } = opts;
  const fileId = fileIdSchema.safeParse(opts.fileId);
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
}
