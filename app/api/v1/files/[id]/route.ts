// GET, PATCH (rename) and DELETE /api/v1/files/[id] — through the access module, as the web UI's actions.
import { apiBody, apiJson, apiNoContent, apiParams, withApi } from "@/lib/http/with-api";
import { API_OPERATIONS } from "@/lib/api/operations";
import { toApiFile } from "@/lib/api/to-api";
import { notFound } from "@/lib/errors";
import { findManageableFile, findReadableFile } from "@/lib/files/access";
import { FILE_NOT_FOUND, renameFile } from "@/lib/files/rename-file";
import { deleteFile } from "@/lib/files/delete-file";

export const dynamic = "force-dynamic";

const { getFile, renameFile: rename, deleteFile: remove } = API_OPERATIONS;

export const GET = withApi<{ id: string }>(async (_request, { user, params }) => {
  const { id } = apiParams(getFile.params, params);
  const file = await findReadableFile({ fileId: id, userId: user.id });
  if (!file) throw notFound(FILE_NOT_FOUND);
  return apiJson({ file: toApiFile(file) });
}, getFile);

export const PATCH = withApi<{ id: string }>(async (request, { user, params }) => {
  const { id } = apiParams(rename.params, params);
  const { name } = await apiBody(request, rename.body.json);
  await renameFile({ fileId: id, userId: user.id, name });
  const file = await findManageableFile({ fileId: id, userId: user.id });
  if (!file) throw notFound(FILE_NOT_FOUND);
  return apiJson({ file: toApiFile(file) });
}, rename);

export const DELETE = withApi<{ id: string }>(async (_request, { user, params }) => {
  const { id } = apiParams(remove.params, params);
  if (!(await deleteFile({ fileId: id, userId: user.id }))) throw notFound(FILE_NOT_FOUND);
  return apiNoContent();
}, remove);
