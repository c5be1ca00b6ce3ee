// What the reset page shows before anything is typed: whose account the link is for, and whether a two-factor code
// will be asked. Null for a link that does not work (used, expired, replaced, made up, or a disabled account). A new
// account's "set your password" link is the same with its own purpose.
import "server-only";
import { db } from "@/lib/db";
import { findAccountToken } from "@/lib/account-tokens/account-token";

export async function findResetLink(
  token: string,
  purpose: "password_reset" | "password_set" = "password_reset",
): Promise<{ userId: string; username: string; twoFactor: boolean } | null> {
  const found = await findAccountToken({ token, purpose });
  if (!found) return null;
  const user = await db.user.findUnique({
    where: { id: found.userId },
    select: { id: true, username: true, disabled: true, twoFactorEnabledAt: true },
  });
  if (!user || user.disabled) return null;
  return { userId: user.id, username: user.username, twoFactor: user.twoFactorEnabledAt !== null };
}
