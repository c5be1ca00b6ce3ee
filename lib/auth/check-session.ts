// Every use of a session token comes here (the jwt callback): the token names its session record and the
// session version it was issued under; either gone or changed, and the token is refused.
import "server-only";
import { db } from "@/lib/db";
import { LAST_SEEN_RESOLUTION_SECONDS, SESSION_IDLE_SECONDS } from "./session-lifetime";
import { gaveSecondFactor } from "./auth-method";

/** `twoFactor`: the account has it on; `secondFactor`: this session signed in with it (docs/decisions/043). */
export type CheckedSession = { username: string; role: string; twoFactor: boolean; secondFactor: boolean };

export async function checkSession(opts: { userId: string; sessionId: string; sessionVersion: number }): Promise<CheckedSession | null> {
  const session = await db.userSession.findUnique({
    where: { id: opts.sessionId },
    select: {
      userId: true,
      lastSeenAt: true,
      authMethod: true,
      user: { select: { username: true, role: true, disabled: true, sessionVersion: true, twoFactorEnabledAt: true } },
    },
  });
  if (!session || session.userId !== opts.userId) return null;
  const { user } = session;
  if (user.disabled || user.sessionVersion !== opts.sessionVersion) return null;
  const idleMs = Date.now() - session.lastSeenAt.getTime();
  if (idleMs > SESSION_IDLE_SECONDS * 1000) return null;
  if (idleMs > LAST_SEEN_RESOLUTION_SECONDS * 1000) {
    await db.userSession.updateMany({ where: { id: opts.sessionId }, data: { lastSeenAt: new Date() } });
  }
  return {
    username: user.username,
    role: user.role,
    twoFactor: user.twoFactorEnabledAt !== null,
    secondFactor: gaveSecondFactor(session.authMethod, user),
  };
}
