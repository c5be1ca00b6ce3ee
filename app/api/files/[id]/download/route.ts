// GET and HEAD /api/files/[id]/download — the decrypted file for a user the access module lets read it.
import { withUser } from "@/lib/http/with-user";
import { notFound } from "@/lib/http/errors";
import { findReadableFile } from "@/lib/files/access";
import { fileIdSchema } from "@/lib/files/schemas";
import { streamFile } from "@/lib/files/stream-file";

export const dynamic = "force-dynamic";

export const GET = withUser<{ id: string }>(async (request, { user, params }) => {
  const fileId = fileIdSchema.safeParse(params.id);
  if (!fileId.success) throw notFound();
  const file = await findReadableFile({ fileId: fileId.data, userId: user.id });
  if (!file) throw notFound();
  return streamFile(request, file);
});

export const HEAD = GET;
