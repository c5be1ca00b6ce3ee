// A sign-in's server-side record: its id goes into the session token, and the token is refused once the
// record is gone (sign-out, "sign out" in the session list, password change elsewhere). See docs/decisions/018.
import "server-only";
import { db } from "@/lib/db";
import { audit } from "@/lib/audit";
import { truncateAddress } from "@/lib/client-address";
import { describeDevice } from "@/lib/client-device";
import { describeUserAgent } from "./describe-user-agent";
import { SESSION_ABSOLUTE_SECONDS, SESSION_IDLE_SECONDS } from "./session-lifetime";
import type { AuthMethod } from "./auth-method";
import { notifyUser } from "@/lib/notifications/notify-user";

export async function startSession(opts: {
  userId: string;
  userAgent: string | null;
  address: string;
  authMethod: AuthMethod;
  /** The browser had not signed in to this account before (no device cookie for it): the owner is told. */
  newBrowser?: boolean;
}): Promise<string> {
  const now = Date.now();
  // The account's records of sessions that can no longer be used go with each new one.
  await db.userSession.deleteMany({
    where: {
      userId: opts.userId,
      OR: [
        { lastSeenAt: { lt: new Date(now - SESSION_IDLE_SECONDS * 1000) } },
        { createdAt: { lt: new Date(now - SESSION_ABSOLUTE_SECONDS * 1000) } },
      ],
    },
  });
  const network = truncateAddress(opts.address);
  const session = await db.$transaction(async (tx) => {
    const created = await tx.userSession.create({
      data: { userId: opts.userId, ...describeUserAgent(opts.userAgent), address: network, authMethod: opts.authMethod },
      select: { id: true },
    });
    if (opts.newBrowser) {
      const user = await tx.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { username: true } });
      await notifyUser(tx, {
        userId: opts.userId,
        kind: "new_sign_in",
        facts: { username: user.username, device: describeDevice(opts.userAgent), network, at: new Date().toISOString() },
      });
    }
    return created;
  });
  await audit({ kind: "auth.sign_in", userId: opts.userId, address: opts.address, device: describeDevice(opts.userAgent) });
  return session.id;
}
