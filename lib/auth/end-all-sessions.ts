// Every token carries the session version it was issued under; a bump makes them all stale at once.
import "server-only";
import { db } from "@/lib/db";
import { audit } from "@/lib/audit";

export async function endAllSessions(opts: { userId: string }): Promise<void> {
  await db.user.update({ where: { id: opts.userId }, data: { sessionVersion: { increment: 1 } } });
  await audit({ kind: "auth.signed_out_everywhere", userId: opts.userId });
}
