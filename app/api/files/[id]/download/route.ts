// GET and HEAD /api/files/[id]/download — the decrypted file for a user the access module lets read it.
// A recipient's completed download goes into the owner's activity trail.
import { withUser } from "@/lib/http/with-user";
import { notFound } from "@/lib/http/errors";
import { findReadableFile } from "@/lib/files/access";
import { fileIdSchema } from "@/lib/files/schemas";
import { streamFile } from "@/lib/files/stream-file";
import { recordActivity } from "@/lib/activity/record-activity";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string }>(async (request, { user, params }) => {
  const fileId = fileIdSchema.safeParse(params.id);
  if (!fileId.success) throw notFound();
  const file = await findReadableFile({ fileId: fileId.data, userId: user.id });
  if (!file) throw notFound();
  const byRecipient = file.ownerId !== user.id;
  return streamFile(request, file, {
    onComplete: byRecipient
      ? () => recordActivity({ fileId: file.id, kind: "download.user", actorId: user.id, actorName: user.username })
      : undefined,
  });
});

export const HEAD = GET;
