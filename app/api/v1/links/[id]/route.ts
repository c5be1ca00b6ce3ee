// DELETE /api/v1/links/[id] — revokes a link of a file the caller owns.
import { apiNoContent, apiParams, withApi } from "@/lib/http/with-api";
import { API_OPERATIONS } from "@/lib/api/operations";
import { notFound } from "@/lib/errors";
import { revokeLink } from "@/lib/links/revoke-link";

export const dynamic = "force-dynamic";

const { revokeLink: revoke } = API_OPERATIONS;

export const DELETE = withApi<{ id: string }>(async (_request, { user, params }) => {
  const { id } = apiParams(revoke.params, params);
  if (!(await revokeLink({ linkId: id, ownerId: user.id }))) throw notFound("Link not found.");
  return apiNoContent();
}, revoke);
