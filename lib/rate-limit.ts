// Every named limit in one place. The counters are in the database on PostgreSQL (shared by every node, and by
// proxy.ts and the app), in this process's memory on SQLite (lib/db/rate-limit-store.ts, docs/decisions/033).
import "server-only";
import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { createRateLimiter } from "@/lib/db";
import { processSingleton } from "@/lib/process-state";
import { AppError } from "@/lib/errors";

type Limit = { points: number; duration: number; blockDuration?: number };

export const LIMITS = {
  // Failed sign-ins from browsers unknown to the account: a tight limit per account and address, looser
  // ones per address and per account. Past the per-account one, unknown browsers wait; a browser that has
  // signed in to the account before (its device cookie) has a budget of its own and is not held up by
  // failures from elsewhere (docs/decisions/016).
  signInAccountAddress: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  signInAddress: { points: 50, duration: 60 * 60, blockDuration: 60 * 60 },
  signInAccount: { points: 30, duration: 60 * 60, blockDuration: 15 * 60 },
  signInDevice: { points: 10, duration: 15 * 60, blockDuration: 15 * 60 },
  // Two-factor codes at sign-in, shaped like passwords: a browser that signed in to the account before (its device
  // cookie) has a budget of its own; every other one is counted per account and address, per address and per account,
  // so strangers who know the password cannot keep the owner's browser out. In a signed-in session's settings, codes
  // are counted per session: nobody else's failures reach them (docs/decisions/043).
  twoFactorAccountAddress: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  twoFactorAddress: { points: 30, duration: 60 * 60, blockDuration: 60 * 60 },
  twoFactorAccount: { points: 20, duration: 60 * 60, blockDuration: 60 * 60 },
  twoFactorDevice: { points: 10, duration: 15 * 60, blockDuration: 15 * 60 },
  twoFactorSession: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  // The password asked again by settings that change how the account signs in (two-factor on, off, new recovery codes).
  settingsPassword: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  register: { points: 10, duration: 60 * 60, blockDuration: 60 * 60 },
  passwordChange: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  // "Forgot password?": requests per client network (answered "too many"), and mails per typed address and per
  // account (over those, nothing is sent and the answer stays the same, so it tells nobody whether the account exists).
  passwordResetAddress: { points: 10, duration: 60 * 60, blockDuration: 60 * 60 },
  passwordResetEmail: { points: 3, duration: 60 * 60 },
  passwordResetAccount: { points: 3, duration: 60 * 60 },
  // Confirmation mails an account may have sent (a new address, or the link again).
  emailConfirmation: { points: 5, duration: 60 * 60 },
  upload: { points: 120, duration: 60 },
  // Image previews decoded for one owner's files, in megapixels (a phone photo is about 12): renders cost what they
  // decode, so a burst of decompression bombs runs out long before a burst of photos (docs/decisions/026).
  previewMegapixels: { points: 3000, duration: 10 * 60 },
  // Public links: every link download request, and unknown or unavailable tokens on the page or download (guessing).
  linkRequest: { points: 120, duration: 60, blockDuration: 60 },
  // (Shared with file requests: a token guessed at /s/ or /r/ is a miss either way.)
  linkMiss: { points: 20, duration: 10 * 60, blockDuration: 10 * 60 },
  // A file request's visitors: every upload request (creation, HEAD, PATCH, DELETE) per address, like `upload` per user.
  requestUpload: { points: 120, duration: 60 },
  // Link passwords (lib/links/unlock-link.ts, docs/decisions/020): wrong passwords per address across links;
  // per link, past which the link is under attack; and per link and address, which under attack allows
  // no failure, so guessers are held off while visitors from other addresses still get in.
  linkPasswordAddress: { points: 20, duration: 15 * 60, blockDuration: 15 * 60 },
  linkPasswordLink: { points: 10, duration: 15 * 60, blockDuration: 15 * 60 },
  linkPasswordLinkAddress: { points: 1, duration: 15 * 60 },
  api: { points: 600, duration: 60 },
} satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

const limiters = processSingleton(
  "rate-limiters",
  { kind: "single-node", why: "the limiters; their counters are in the database on PostgreSQL, in memory on SQLite only" },
  () => new Map<LimitName, RateLimiterAbstract>(),
);

function limiter(name: LimitName): RateLimiterAbstract {
  let found = limiters.get(name);
  if (!found) {
    found = createRateLimiter({ ...LIMITS[name], keyPrefix: name });
    limiters.set(name, found);
  }
  return found;
}

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

function blocked(res: RateLimiterRes): LimitResult {
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
}

/** Spends points; refused once the limit is reached. */
export async function consume(name: LimitName, key: string, points = 1): Promise<LimitResult> {
  try {
    await limiter(name).consume(key, points);
    return { ok: true };
  } catch (error) {
    // Duck-typed: proxy.ts and the app are separate bundles, each with its own RateLimiterRes class.
    if (error && typeof (error as RateLimiterRes).msBeforeNext === "number") return blocked(error as RateLimiterRes);
    throw error;
  }
}

/** Whether the key is already over the limit, without spending anything. */
export async function check(name: LimitName, key: string): Promise<LimitResult> {
  const res = await limiter(name).get(key);
  if (res && res.consumedPoints >= LIMITS[name].points && res.msBeforeNext > 0) return blocked(res);
  return { ok: true };
}

/**
 * Spends a point on every key before a slow check, so that parallel attempts cannot all slip past a
 * limit that would only count them afterwards. Refused at the first spent key, whose wait it answers;
 * the points already taken from the keys before it are given back (that attempt is never evaluated).
 */
export async function consumeAll(keys: readonly (readonly [LimitName, string])[]): Promise<LimitResult> {
  for (let i = 0; i < keys.length; i++) {
    const state = await consume(keys[i][0], keys[i][1]);
    if (!state.ok) {
      for (const [name, key] of keys.slice(0, i)) await reward(name, key);
      return state;
    }
  }
  return { ok: true };
}

/** Gives back points spent by `consume`. */
export async function reward(name: LimitName, key: string, points = 1): Promise<void> {
  await limiter(name).reward(key, points);
}

export async function reset(name: LimitName, key: string): Promise<void> {
  await limiter(name).delete(key);
}

export function retryMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return minutes <= 1 ? "Too many attempts. Try again in a minute." : `Too many attempts. Try again in ${minutes} minutes.`;
}

/** The refusal for a spent limit: 429 from a route, a toast with the wait from an action. */
export function tooManyAttempts(retryAfterSeconds: number): AppError {
  return new AppError("rate_limited", retryMessage(retryAfterSeconds), { retryAfterSeconds });
}
