// Whether anyone may create an account. Admins can close public registration.
import "server-only";
import { db } from "@/lib/db";

const KEY = "registration";

export async function isRegistrationOpen(): Promise<boolean> {
  const setting = await db.appSetting.findUnique({ where: { key: KEY } });
  return setting?.value !== "closed";
}

export async function setRegistrationOpen(open: boolean): Promise<void> {
  const value = open ? "open" : "closed";
  await db.appSetting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}
