// Every token carries the session version it was issued under; a bump makes them all stale at once, and
// the session records go too, with the account's personal access tokens (docs/decisions/078).
import "server-only";
import { db } from "@/lib/db";
import { audit } from "@/lib/audit";

export async function endAllSessions(opts: { userId: string }): Promise<void> {
  await db.$transaction([
    db.user.update({ where: { id: opts.userId }, data: { sessionVersion: { increment: 1 } } }),
    db.userSession.deleteMany({ where: { userId: opts.userId } }),
    db.apiToken.updateMany({ where: { userId: opts.userId, revokedAt: null }, data: { revokedAt: new Date() } }),
  ]);
  await audit({ kind: "auth.signed_out_everywhere", userId: opts.userId });
}
