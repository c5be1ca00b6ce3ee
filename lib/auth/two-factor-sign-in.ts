// The second step of signing in to an account with two-factor on. The password step hands the browser a
// short-lived signed challenge (an HttpOnly cookie) naming a TwoFactorChallenge row and the account; the code step
// checks it and the code, and deletes the row: a challenge signs in once. It is bound to the session version and the
// password hash, so "sign out everywhere" or a password change voids challenges already handed out.
import "server-only";
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { checkTwoFactorCode } from "./check-two-factor-code";

export const CHALLENGE_TTL_SECONDS = 10 * 60;
export const CHALLENGE_EXPIRED = "Your sign-in has expired. Enter your password again.";

export function twoFactorChallengeCookieName(): string {
  return env().secureCookies ? "__Host-coffer-2fa" : "coffer-2fa";
}

let macKey: Buffer | undefined;
function mac(text: string): string {
  macKey ??= Buffer.from(hkdfSync("sha256", env().AUTH_SECRET, "coffer", "two-factor-challenge", 32));
  return createHmac("sha256", macKey).update(text).digest("base64url");
}

const fingerprint = (passwordHash: string | null) =>
  createHash("sha256")
    .update(passwordHash ?? "")
    .digest("base64url")
    .slice(0, 16);

export async function issueTwoFactorChallenge(userId: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true, passwordHash: true } });
  const now = Date.now();
  const expires = Math.floor(now / 1000) + CHALLENGE_TTL_SECONDS;
  // Challenges nobody finished go with each new one.
  await db.twoFactorChallenge.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  const { id } = await db.twoFactorChallenge.create({
    data: { id: randomBytes(18).toString("base64url"), userId, expiresAt: new Date(expires * 1000) },
    select: { id: true },
  });
  const body = `${id}.${userId}.${user.sessionVersion}.${fingerprint(user.passwordHash)}.${expires}`;
  return `${body}.${mac(body)}`;
}

/** The challenge this browser holds and the account whose password step it passed, or an error saying to start again. */
async function challengedUser(challenge: string | undefined) {
  const parts = (challenge ?? "").split(".");
  if (parts.length !== 6) throw new AppError("unauthenticated", CHALLENGE_EXPIRED);
  const [challengeId, userId, version, print, expiresText, given] = parts;
  const expected = Buffer.from(mac(parts.slice(0, 5).join(".")));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual) || Number(expiresText) * 1000 < Date.now()) {
    throw new AppError("unauthenticated", CHALLENGE_EXPIRED);
  }
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, username: true, role: true, sessionVersion: true, passwordHash: true, disabled: true, twoFactorEnabledAt: true },
  });
  const open = await db.twoFactorChallenge.count({ where: { id: challengeId, userId, expiresAt: { gt: new Date() } } });
  if (
    !user ||
    open === 0 ||
    user.disabled ||
    !user.twoFactorEnabledAt ||
    String(user.sessionVersion) !== version ||
    fingerprint(user.passwordHash) !== print
  ) {
    throw new AppError("unauthenticated", CHALLENGE_EXPIRED);
  }
  return { user, challengeId };
}

/**
 * The code step: the challenge, then the code (a wrong one leaves the challenge for another try), then the challenge
 * is used up by one conditional delete, so of two requests that both passed the code check only one signs in.
 */
export async function verifyTwoFactorSignIn(opts: { challenge: string | undefined; code: string; address: string; deviceCookie?: string }) {
  const { user, challengeId } = await challengedUser(opts.challenge);
  await checkTwoFactorCode({
    userId: user.id,
    code: opts.code,
    attempt: { kind: "sign-in", address: opts.address, deviceCookie: opts.deviceCookie },
  });
  const used = await db.twoFactorChallenge.deleteMany({ where: { id: challengeId, userId: user.id } });
  if (used.count !== 1) throw new AppError("unauthenticated", CHALLENGE_EXPIRED);
  return { id: user.id, username: user.username };
}
