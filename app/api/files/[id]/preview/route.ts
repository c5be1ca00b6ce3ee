// GET and HEAD /api/files/[id]/preview — the file page's preview (lib/http/serve-preview.ts) for anyone who may
// read the file. Never a download: nothing is counted and nothing enters the activity.
import { withUser } from "@/lib/http/with-user";
import { servePreview } from "@/lib/http/serve-preview";
import { notFound } from "@/lib/errors";
import { findReadableFile } from "@/lib/files/access";
import { fileIdSchema } from "@/lib/files/schemas";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string }>(async (request, { user, params }) => {
  const fileId = fileIdSchema.safeParse(params.id);
  const file = fileId.success ? await findReadableFile({ fileId: fileId.data, userId: user.id }) : null;
  if (!file) throw notFound();
  return servePreview(request, file, {
    variant: "large",
    scope: { fileId: file.id, ownerId: file.ownerId, ...(file.ownerId !== user.id ? { recipientId: user.id } : {}) },
    stillAllowed: async () => (await findReadableFile({ fileId: file.id, userId: user.id })) !== null,
  });
});

export const HEAD = GET;
