// GET /api/v1/files/[id]/links — the file's links (their URLs only at creation); POST — a new link.
import { apiBody, apiJson, apiParams, withApi } from "@/lib/http/with-api";
import { API_OPERATIONS } from "@/lib/api/operations";
import { toApiLink } from "@/lib/api/to-api";
import { notFound } from "@/lib/errors";
import { findManageableFile } from "@/lib/files/access";
import { FILE_NOT_FOUND } from "@/lib/files/rename-file";
import { listFileLinks } from "@/lib/links/list-file-links";
import { createLink } from "@/lib/links/create-link";
import { linkUrl } from "@/lib/links/sealed-token";

export const dynamic = "force-dynamic";

const { listLinks: list, createLink: create } = API_OPERATIONS;
const DAY_MS = 24 * 60 * 60 * 1000;
/** As the web UI's form starts. */
const DEFAULT_EXPIRY_DAYS = 7;

export const GET = withApi<{ id: string }>(async (_request, { user, params }) => {
  const { id } = apiParams(list.params, params);
  if (!(await findManageableFile({ fileId: id, userId: user.id }))) throw notFound(FILE_NOT_FOUND);
  const links = await listFileLinks({ fileId: id, ownerId: user.id });
  return apiJson({ links: links.map(toApiLink) });
}, list);

export const POST = withApi<{ id: string }>(async (request, { user, params }) => {
  const { id } = apiParams(create.params, params);
  const body = await apiBody(request, create.body.json);
  const days = body.expiresInDays === undefined ? DEFAULT_EXPIRY_DAYS : body.expiresInDays;
  const expiresAt = days === null ? null : new Date(Date.now() + days * DAY_MS);
  const link = await createLink({
    fileId: id,
    ownerId: user.id,
    label: body.label,
    password: body.password,
    maxDownloads: body.maxDownloads,
    expiresAt,
  });
  const created = {
    id: link.linkId,
    fileId: id,
    label: body.label ?? null,
    status: "active" as const,
    createdAt: link.createdAt,
    expiresAt,
    maxDownloads: body.maxDownloads ?? null,
    downloadCount: 0,
    hasPassword: body.password !== undefined,
  };
  return apiJson({ link: { ...toApiLink(created), url: linkUrl(link.token) } }, 201);
}, create);
