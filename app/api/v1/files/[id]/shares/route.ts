// GET /api/v1/files/[id]/shares — whom the file is shared with; POST — share it with a user, by username.
import { apiBody, apiJson, apiParams, withApi } from "@/lib/http/with-api";
import { API_OPERATIONS } from "@/lib/api/operations";
import { toApiShare } from "@/lib/api/to-api";
import { notFound } from "@/lib/errors";
import { findManageableFile } from "@/lib/files/access";
import { FILE_NOT_FOUND } from "@/lib/files/rename-file";
import { listFileShares } from "@/lib/shares/list-shares";
import { shareFile } from "@/lib/shares/share-file";

export const dynamic = "force-dynamic";

const { listShares: list, shareFile: share } = API_OPERATIONS;

export const GET = withApi<{ id: string }>(async (_request, { user, params }) => {
  const { id } = apiParams(list.params, params);
  if (!(await findManageableFile({ fileId: id, userId: user.id }))) throw notFound(FILE_NOT_FOUND);
  const shares = await listFileShares({ fileId: id, ownerId: user.id });
  return apiJson({ shares: shares.map((s) => toApiShare({ ...s, fileId: id })) });
}, list);

export const POST = withApi<{ id: string }>(async (request, { user, params }) => {
  const { id } = apiParams(share.params, params);
  const { username } = await apiBody(request, share.body.json);
  const created = await shareFile({ fileId: id, ownerId: user.id, username });
  return apiJson({ share: toApiShare({ id: created.shareId, fileId: id, username: created.username, createdAt: created.createdAt }) }, 201);
}, share);
