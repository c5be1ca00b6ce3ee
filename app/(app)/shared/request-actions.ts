"use server";
// File requests: made from the dashboard ("Request files"), managed on "Shared by me". Each action re-checks in lib/
// that the request is the caller's (lib/requests/access.ts).
import { revalidatePath } from "next/cache";
import { authAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { createRequestSchema, editRequestMessageSchema, requestIdSchema } from "@/lib/requests/schemas";
import { createRequest } from "@/lib/requests/create-request";
import { setRequestOpen } from "@/lib/requests/set-request-open";
import { editRequestMessage } from "@/lib/requests/edit-request-message";

export const createRequestAction = authAction(createRequestSchema, async (input, { user }) => {
  const created = await createRequest({ ownerId: user.id, ...input });
  revalidatePath("/shared");
  return success(`The request "${input.label}" is open. Copy its link and send it.`, { url: created.url, path: created.path });
});

export const closeRequestAction = authAction(requestIdSchema, async ({ requestId }, { user }) => {
  const { label, changed } = await setRequestOpen({ requestId, ownerId: user.id, open: false });
  revalidatePath("/shared");
  return success(changed ? `Closed the request "${label}".` : `The request "${label}" was already closed.`);
});

export const reopenRequestAction = authAction(requestIdSchema, async ({ requestId }, { user }) => {
  const { label, changed } = await setRequestOpen({ requestId, ownerId: user.id, open: true });
  revalidatePath("/shared");
  return success(changed ? `Reopened the request "${label}".` : `The request "${label}" was already open.`);
});

export const editRequestMessageAction = authAction(editRequestMessageSchema, async ({ requestId, message }, { user }) => {
  const { label } = await editRequestMessage({ requestId, ownerId: user.id, message });
  revalidatePath("/shared");
  return success(message ? `Saved the message of "${label}".` : `Removed the message of "${label}".`);
});
