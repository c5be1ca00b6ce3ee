// Decides a sign-in attempt. Unknown user, wrong password and disabled account answer the same, after the
// same bcrypt work. Every attempt spends its points before the (slow) check, so a burst cannot slip past
// the limits; a right password gets them back. A browser that signed in to this account before (its device
// cookie) is counted on its own; every other browser is counted per account+address, per address and per
// account (docs/decisions/015, 016).
import "server-only";
import { db } from "@/lib/db";
import { consumeAll, reset, reward, type LimitName } from "@/lib/rate-limit";
import { throttleKey } from "@/lib/client-address";
import { audit } from "@/lib/audit";
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from "./password";
import { knownDevice } from "./device-cookie";

export type SignInUser = { id: string; username: string; role: string; sessionVersion: number; twoFactor: boolean };
export type SignInResult =
  { ok: true; user: SignInUser } | { ok: false; reason: "invalid" } | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export async function verifyCredentials(opts: {
  identifier: string;
  password: string;
  address: string;
  /** The browser's device cookie, if it sent one. */
  deviceCookie?: string;
  /** "Firefox on Linux", for the account's activity. */
  deviceName?: string | null;
}): Promise<SignInResult> {
  const account = opts.identifier.trim().toLowerCase();
  const user = await db.user.findFirst({
    where: account.includes("@") ? { email: account } : { username: account },
    select: { id: true, username: true, role: true, sessionVersion: true, passwordHash: true, disabled: true, twoFactorEnabledAt: true },
  });
  const device = user ? knownDevice(opts.deviceCookie, user.id) : null;
  const address = throttleKey(opts.address);
  // Keyed by the account's id when it exists, so its username and its email share one budget.
  const accountKey = user?.id ?? `unknown:${account}`;
  const keys: [LimitName, string][] = device
    ? [["signInDevice", device]]
    : [
        ["signInAccountAddress", `${accountKey}|${address}`],
        ["signInAddress", address],
        ["signInAccount", accountKey],
      ];
  const limit = await consumeAll(keys);
  if (!limit.ok) return { ok: false, reason: "throttled", retryAfterSeconds: limit.retryAfterSeconds };

  let passwordMatches = false;
  try {
    passwordMatches = user?.passwordHash
      ? await verifyPassword(opts.password, user.passwordHash)
      : (await verifyDummyPassword(opts.password), false);
  } catch (error) {
    // Not evaluated (the hashing queue is full): the attempt costs nothing.
    for (const [name, key] of keys) await reward(name, key);
    throw error;
  }

  if (!user || !passwordMatches || user.disabled) {
    // Unknown identifiers are not stored: people type passwords into the username field.
    if (user)
      await audit({
        kind: "auth.sign_in_failed",
        userId: user.id,
        address: opts.address,
        detail: user.disabled ? "account disabled" : device ? "wrong password (known device)" : "wrong password",
        device: opts.deviceName,
      });
    return { ok: false, reason: "invalid" };
  }

  // A success forgives this browser's failures and gives this attempt's points back to the wider keys.
  await reset(keys[0][0], keys[0][1]);
  for (const [name, key] of keys.slice(1)) await reward(name, key);
  if (needsRehash(user.passwordHash!)) await upgradeHash(user.id, user.passwordHash!, opts.password);
  return {
    ok: true,
    user: {
      id: user.id,
      username: user.username,
      role: user.role,
      sessionVersion: user.sessionVersion,
      twoFactor: user.twoFactorEnabledAt !== null,
    },
  };
}

/** Rewrites an older hash in the current scheme; only if the password was not changed meanwhile. */
async function upgradeHash(userId: string, oldHash: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password).catch(() => null);
  if (passwordHash) await db.user.updateMany({ where: { id: userId, passwordHash: oldHash }, data: { passwordHash } });
}
