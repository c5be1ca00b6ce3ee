// Signing out one session: its record goes, and with it every copy of its token. Only the account's own
// sessions can be ended; another account's id finds nothing, like an id that does not exist.
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { audit } from "@/lib/audit";

export const SESSION_NOT_FOUND = "That session has already ended.";

/** Ends one of the account's sessions; refuses an id that is not (or no longer) one of them. */
export async function endSession(opts: { userId: string; sessionId: string; address: string }): Promise<void> {
  const { count } = await db.userSession.deleteMany({ where: { id: opts.sessionId, userId: opts.userId } });
  if (count === 0) throw notFound(SESSION_NOT_FOUND);
  await audit({ kind: "auth.session_ended", userId: opts.userId, address: opts.address });
}

/** Sign-out: the token's own record, whoever it belongs to (Auth.js has already checked the token). */
export async function endSessionOfToken(sessionId: string): Promise<void> {
  await db.userSession.deleteMany({ where: { id: sessionId } });
}

/** Every session of the account but this one; answers how many were ended. */
export async function endOtherSessions(opts: { userId: string; keepSessionId: string; address: string }): Promise<number> {
  const { count } = await db.userSession.deleteMany({ where: { userId: opts.userId, id: { not: opts.keepSessionId } } });
  await audit({ kind: "auth.session_ended", userId: opts.userId, address: opts.address, detail: `${count} other sessions` });
  return count;
}
