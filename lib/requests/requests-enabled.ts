// The instance setting "file requests": on unless an admin turned it off. Off, no request can be made, and every
// request's page and upload routes answer the uniform 404 (the requests themselves are kept, and work again when it
// is turned back on).
import "server-only";
import { db } from "@/lib/db";

const KEY = "file-requests";

export async function fileRequestsEnabled(): Promise<boolean> {
  return (await db.appSetting.findUnique({ where: { key: KEY } }))?.value !== "off";
}

export async function setFileRequestsEnabled(enabled: boolean): Promise<void> {
  const value = enabled ? "on" : "off";
  await db.appSetting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}
