// The instance setting "admins must use two-factor sign-in". While it is on, an admin account without
// two-factor keeps its role but cannot use the admin pages or actions until it turns two-factor on.
import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { audit } from "@/lib/audit";

const KEY = "admin-two-factor";
export const ADMIN_NEEDS_TWO_FACTOR = "This server requires two-factor sign-in for administrators. Turn it on in Settings first.";

export async function isAdminTwoFactorRequired(): Promise<boolean> {
  return (await db.appSetting.findUnique({ where: { key: KEY } }))?.value === "required";
}

/** Whether this admin may use administration now. */
export async function adminAccessAllowed(user: { role: string; twoFactor: boolean }): Promise<boolean> {
  if (user.role !== "admin") return false;
  return user.twoFactor || !(await isAdminTwoFactorRequired());
}

export async function setAdminTwoFactorRequired(opts: { required: boolean; admin: { id: string; twoFactor: boolean } }): Promise<void> {
  // The admin who turns it on would otherwise lose administration at once.
  if (opts.required && !opts.admin.twoFactor) throw new AppError("forbidden", "Turn on two-factor sign-in for your own account first.");
  const value = opts.required ? "required" : "optional";
  await db.appSetting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  await audit({ kind: opts.required ? "admin.two_factor_required" : "admin.two_factor_optional", actorId: opts.admin.id });
}
