// The owner changes (or removes) the message a request's visitors read.
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { manageableRequestWhere } from "./access";
import { REQUEST_NOT_FOUND } from "./set-request-open";

export async function editRequestMessage(opts: { requestId: string; ownerId: string; message?: string }): Promise<{ label: string }> {
  const request = await db.fileRequest.findFirst({
    where: { id: opts.requestId, ...manageableRequestWhere(opts.ownerId) },
    select: { id: true, label: true },
  });
  if (!request) throw notFound(REQUEST_NOT_FOUND);
  await db.fileRequest.updateMany({ where: { id: request.id, ownerId: opts.ownerId }, data: { message: opts.message ?? null } });
  return { label: request.label };
}
