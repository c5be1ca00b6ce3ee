// Whether anyone may create an account. Admins can close public registration.
import "server-only";
import { db } from "@/lib/db";
import { audit } from "@/lib/audit";

const KEY = "registration";

export async function isRegistrationOpen(): Promise<boolean> {
  const setting = await db.appSetting.findUnique({ where: { key: KEY } });
  return setting?.value !== "closed";
}

/** Opens or closes registration; the admin who did it is in the audit trail. */
export async function setRegistrationOpen(opts: { open: boolean; adminId: string }): Promise<void> {
  const value = opts.open ? "open" : "closed";
  await db.appSetting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  await audit({ kind: opts.open ? "admin.registration_opened" : "admin.registration_closed", actorId: opts.adminId });
}
