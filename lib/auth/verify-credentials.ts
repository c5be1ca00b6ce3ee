// Decides a sign-in attempt. Unknown user, wrong password and disabled account answer the same,
// after the same bcrypt work; failures are throttled per account+address, per address and per account.
import "server-only";
import { db } from "@/lib/db";
import { check, consume, reset, type LimitName } from "@/lib/rate-limit";
import { throttleKey } from "@/lib/client-address";
import { audit } from "@/lib/audit";
import { verifyDummyPassword, verifyPassword } from "./password";

export type SignInUser = { id: string; username: string; role: string; sessionVersion: number };
export type SignInResult =
  { ok: true; user: SignInUser } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export async function verifyCredentials(opts: {
  identifier: string;
  password: string;
  address: string;
  /** "Firefox on Linux", for the account's activity. */
  device?: string | null;
}): Promise<SignInResult> {
  const account = opts.identifier.trim().toLowerCase();
  const address = throttleKey(opts.address);
  const keys: [LimitName, string][] = [
    ["signInAccountAddress", `${account}|${address}`],
    ["signInAddress", address],
    ["signInAccount", account],
  ];
  for (const [name, key] of keys) {
    const state = await check(name, key);
    if (!state.ok) return { ok: false, reason: "throttled", retryAfterSeconds: state.retryAfterSeconds };
  }

  const user = await db.user.findFirst({
    where: account.includes("@") ? { email: account } : { username: account },
    select: { id: true, username: true, role: true, sessionVersion: true, passwordHash: true, disabled: true },
  });
  const passwordMatches = user?.passwordHash
    ? await verifyPassword(opts.password, user.passwordHash)
    : (await verifyDummyPassword(opts.password), false);

  if (!user || !passwordMatches || user.disabled) {
    for (const [name, key] of keys) await consume(name, key);
    // Unknown identifiers are not stored: people type passwords into the username field.
    if (user)
      await audit({
        kind: "auth.sign_in_failed",
        userId: user.id,
        address: opts.address,
        detail: user.disabled ? "account disabled" : "wrong password",
        device: opts.device,
      });
    return { ok: false, reason: "invalid" };
  }
  await reset("signInAccountAddress", keys[0][1]);
  await audit({ kind: "auth.sign_in", userId: user.id, address: opts.address, device: opts.device });
  return { ok: true, user: { id: user.id, username: user.username, role: user.role, sessionVersion: user.sessionVersion } };
}
