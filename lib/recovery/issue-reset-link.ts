// Recovery without mail: an admin (from the admin page, or the operator with `npm run admin -- reset-link`) makes a
// one-time reset link for a user and hands it over. It is the same link "Forgot password?" mails (30 minutes, used
// once, the newest only), so the admin never sees nor sets the password, and two-factor is still asked for.
// The user's confirmed address, if any, is told.
import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { issueAccountToken } from "@/lib/account-tokens/account-token";
import { sendSecurityNotice } from "@/lib/notifications/send-security-notice";
import { resetPasswordUrl } from "./reset-link";

export async function issueResetLink(opts: { userId: string; adminId: string | null }) {
  if (opts.adminId !== null && opts.userId === opts.adminId) {
    throw new AppError("forbidden", "Change your own password in Settings.");
  }
  const user = await db.user.findUnique({ where: { id: opts.userId }, select: { id: true, username: true, disabled: true } });
  if (!user) throw notFound("User not found.");
  if (user.disabled) throw new AppError("conflict", `${user.username} is disabled: enable the account first.`);
  const { token, expiresAt } = await db.$transaction(async (tx) => {
    const issued = await issueAccountToken(tx, { userId: user.id, purpose: "password_reset", createdById: opts.adminId, replace: true });
    await sendSecurityNotice(tx, { userId: user.id, event: "reset_link_issued" });
    return issued;
  });
  await audit({
    kind: "admin.reset_link_issued",
    userId: user.id,
    actorId: opts.adminId,
    detail: opts.adminId ? user.username : `${user.username} (from the command line)`,
  });
  return { username: user.username, url: resetPasswordUrl(token), expiresAt };
}
