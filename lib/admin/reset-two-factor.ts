// For a user who lost their authenticator and their recovery codes: an admin turns two-factor off for them. Their
// sessions end (a lost device may still be signed in), the user is told by mail (when their address is confirmed)
// and in their account's activity, and the admin's trail records who did it.
import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { sendSecurityNotice } from "@/lib/notifications/send-security-notice";

export async function resetTwoFactor(opts: { userId: string; adminId: string | null }) {
  if (opts.adminId !== null && opts.userId === opts.adminId) {
    throw new AppError("forbidden", "Turn your own two-factor sign-in off in Settings.");
  }
  const user = await db.user.findUnique({ where: { id: opts.userId }, select: { id: true, username: true } });
  if (!user) throw notFound("User not found.");
  const changed = await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: user.id, twoFactorEnabledAt: { not: null } },
      data: {
        twoFactorSecret: null,
        twoFactorKeyId: null,
        twoFactorEnabledAt: null,
        twoFactorLastStep: null,
        sessionVersion: { increment: 1 },
      },
    });
    if (count === 0) return false;
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.userSession.deleteMany({ where: { userId: user.id } });
    await tx.twoFactorChallenge.deleteMany({ where: { userId: user.id } });
    await sendSecurityNotice(tx, { userId: user.id, event: "two_factor_reset" });
    return true;
  });
  if (!changed) throw new AppError("conflict", `${user.username} does not use two-factor sign-in.`);
  await audit({
    kind: "admin.two_factor_reset",
    userId: user.id,
    actorId: opts.adminId,
    detail: opts.adminId ? user.username : `${user.username} (from the command line)`,
  });
  return { username: user.username };
}
