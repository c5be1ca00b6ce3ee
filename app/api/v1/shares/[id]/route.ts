// DELETE /api/v1/shares/[id] — ends a share of a file the caller owns.
import { apiNoContent, apiParams, withApi } from "@/lib/http/with-api";
import { API_OPERATIONS } from "@/lib/api/operations";
import { notFound } from "@/lib/errors";
import { revokeShare } from "@/lib/shares/end-share";

export const dynamic = "force-dynamic";

const { revokeShare: revoke } = API_OPERATIONS;

export const DELETE = withApi<{ id: string }>(async (_request, { user, params }) => {
  const { id } = apiParams(revoke.params, params);
  if (!(await revokeShare({ shareId: id, ownerId: user.id }))) throw notFound("Share not found.");
  return apiNoContent();
}, revoke);
