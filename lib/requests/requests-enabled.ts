// The instance setting "file requests": on unless an admin turned it off. Off, no request can be made, and every
// request's page and upload routes answer the uniform 404 (the requests themselves are kept, and work again when it
// is turned back on).
import "server-only";
import { db } from "@/lib/db";
import { audit } from "@/lib/audit";

const KEY = "file-requests";

export async function fileRequestsEnabled(): Promise<boolean> {
  return (await db.appSetting.findUnique({ where: { key: KEY } }))?.value !== "off";
}

/** Turns file requests on or off; the admin who did it is in the audit trail. */
export async function setFileRequestsEnabled(opts: { enabled: boolean; adminId: string }): Promise<void> {
  const value = opts.enabled ? "on" : "off";
  await db.appSetting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  await audit({ kind: opts.enabled ? "admin.file_requests_on" : "admin.file_requests_off", actorId: opts.adminId });
}
