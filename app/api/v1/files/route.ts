// GET /api/v1/files — a page of the caller's files (the dashboard's signed cursors); POST — a multipart upload.
import { apiJson, apiQuery, withApi } from "@/lib/http/with-api";
import { uploadBody } from "@/lib/http/upload-body";
import { API_OPERATIONS } from "@/lib/api/operations";
import { API_FILE_SORTS } from "@/lib/api/schemas";
import { toApiFile } from "@/lib/api/to-api";
import { listFiles } from "@/lib/files/list-files";
import { receiveUpload } from "@/lib/files/receive-upload";

export const dynamic = "force-dynamic";

const { listFiles: list, uploadFiles: upload } = API_OPERATIONS;

export const GET = withApi(async (request, { user }) => {
  const query = apiQuery(request, list.query);
  const page = await listFiles({
    userId: user.id,
    query: { sort: API_FILE_SORTS[query.sort], dir: query.order, q: query.q ?? "", cursor: query.cursor },
    pageSize: query.limit,
    cursors: "strict",
  });
  return apiJson({ files: page.files.map(toApiFile), nextCursor: page.nextCursor });
}, list);

export const POST = withApi(async (request, { user }) => {
  const files = await receiveUpload({ userId: user.id, ...uploadBody(request) });
  return apiJson({ files: files.map(toApiFile) }, 201);
}, upload);
