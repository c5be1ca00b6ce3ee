// The instance setting "admins must use two-factor sign-in". While it is on, an admin keeps the role but uses the
// admin pages and actions only from a session that signed in with a second factor (UserSession.authMethod): an
// account that has two-factor is not enough, since a session that signed in before it was on never gave one.
import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { audit } from "@/lib/audit";

const KEY = "admin-two-factor";
export const ADMIN_NEEDS_TWO_FACTOR =
  "This server requires administrators to sign in with two-factor. Turn it on in Settings; if it is on, sign out and sign in again with a code.";

export async function isAdminTwoFactorRequired(): Promise<boolean> {
  return (await db.appSetting.findUnique({ where: { key: KEY } }))?.value === "required";
}

/** Whether this admin, in this session, may use administration now. */
export async function adminAccessAllowed(user: { role: string; secondFactor: boolean }): Promise<boolean> {
  if (user.role !== "admin") return false;
  return user.secondFactor || !(await isAdminTwoFactorRequired());
}

export async function setAdminTwoFactorRequired(opts: {
  required: boolean;
  admin: { id: string; twoFactor: boolean; secondFactor: boolean };
}): Promise<void> {
  // The admin who turns it on would otherwise lose administration at once.
  if (opts.required && !opts.admin.secondFactor) {
    throw new AppError(
      "forbidden",
      opts.admin.twoFactor
        ? "Sign in again with a code from your authenticator app first: this session signed in with the password alone."
        : "Turn on two-factor sign-in for your own account first.",
    );
  }
  const value = opts.required ? "required" : "optional";
  await db.appSetting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  await audit({ kind: opts.required ? "admin.two_factor_required" : "admin.two_factor_optional", actorId: opts.admin.id });
}
