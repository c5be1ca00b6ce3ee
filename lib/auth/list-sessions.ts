// The account's sessions that can still be used, most recently active first, for the settings page.
import "server-only";
import { db } from "@/lib/db";
import { SESSION_ABSOLUTE_SECONDS, SESSION_IDLE_SECONDS } from "./session-lifetime";
import { gaveSecondFactor } from "./auth-method";

export type SessionSummary = {
  id: string;
  browser: string;
  os: string;
  address: string | null;
  signedInAt: Date;
  lastActiveAt: Date;
  current: boolean;
  /** Whether it signed in with a second factor (and the account still has it on). */
  secondFactor: boolean;
};

export async function listSessions(opts: { userId: string; currentSessionId: string }): Promise<SessionSummary[]> {
  const now = Date.now();
  const sessions = await db.userSession.findMany({
    where: {
      userId: opts.userId,
      lastSeenAt: { gte: new Date(now - SESSION_IDLE_SECONDS * 1000) },
      createdAt: { gte: new Date(now - SESSION_ABSOLUTE_SECONDS * 1000) },
    },
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    include: { user: { select: { twoFactorEnabledAt: true } } },
  });
  return sessions
    .map((s) => ({
      id: s.id,
      browser: s.browser,
      os: s.os,
      address: s.address,
      signedInAt: s.createdAt,
      lastActiveAt: s.lastSeenAt,
      current: s.id === opts.currentSessionId,
      secondFactor: gaveSecondFactor(s.authMethod, s.user),
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}
