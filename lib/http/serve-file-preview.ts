// The route behind /api/files/[id]/preview and /thumbnail: a preview of a file for anyone who may read it
// (owner or recipient). Never a download: nothing is counted and nothing enters the activity.
import "server-only";
import { notFound } from "@/lib/errors";
import { findReadableFile } from "@/lib/files/access";
import type { PreviewVariant } from "@/lib/files/preview-cache";
import { fileIdSchema } from "@/lib/files/schemas";
import { servePreview } from "./serve-preview";
import { withUser } from "./with-user";

export function filePreviewRoute(variant: PreviewVariant) {
  return withUser<{ id: string }>(
    async (request, { user, params }) => {
      const fileId = fileIdSchema.safeParse(params.id);
      const file = fileId.success ? await findReadableFile({ fileId: fileId.data, userId: user.id }) : null;
      if (!file) throw notFound();
      return servePreview(request, file, {
        variant,
        scope: { fileId: file.id, ownerId: file.ownerId, ...(file.ownerId !== user.id ? { recipientId: user.id } : {}) },
        stillAllowed: async () => (await findReadableFile({ fileId: file.id, userId: user.id })) !== null,
      });
    },
    { scopes: ["files:read"] },
  );
}
