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

export async function startSession(opts: {
  userId: string;
  userAgent: string | null;
  address: string;
  authMethod: AuthMethod;
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
  const session = await db.userSession.create({
    data: {
      userId: opts.userId,
      ...describeUserAgent(opts.userAgent),
      address: truncateAddress(opts.address),
      authMethod: opts.authMethod,
    },
    select: { id: true },
  });
  await audit({ kind: "auth.sign_in", userId: opts.userId, address: opts.address, device: describeDevice(opts.userAgent) });
  return session.id;
}
