// Turning two-factor on: a new secret is shown (QR code and text) with a signed enrolment token that carries
// it back; the password and a first code from the app confirm it, and only then is the secret stored (sealed) and ten
// recovery codes made. Turning it on ends the account's other sessions (they signed in with the password alone) and
// makes this one a two-factor session: it has just given both. Nothing is stored for an enrolment never confirmed.
import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import QRCode from "qrcode";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, fieldError } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { sendSecurityNotice } from "@/lib/notifications/send-security-notice";
import { sealSecret } from "@/lib/crypto/seal-secret";
import { newTotpSecret, totpStep, totpUri } from "./totp";
import { replaceRecoveryCodes } from "./recovery-codes";
import { TOTP_SECRET_PURPOSE, WRONG_CODE } from "./check-two-factor-code";
import { confirmPassword } from "./confirm-password";
import { AUTH_METHODS } from "./auth-method";

const ENROLMENT_TTL_SECONDS = 15 * 60;
export const ALREADY_ENABLED = "Two-factor sign-in is already on.";

let macKey: Buffer | undefined;
function mac(text: string): string {
  macKey ??= Buffer.from(hkdfSync("sha256", env().AUTH_SECRET, "coffer", "two-factor-enrolment", 32));
  return createHmac("sha256", macKey).update(text).digest("base64url");
}

export type TwoFactorEnrolment = { secret: string; uri: string; qrCode: string; enrolment: string };

export async function startTwoFactorEnrolment(opts: { userId: string; username: string }): Promise<TwoFactorEnrolment> {
  const user = await db.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { twoFactorEnabledAt: true } });
  if (user.twoFactorEnabledAt) throw new AppError("conflict", ALREADY_ENABLED);
  const secret = newTotpSecret();
  const uri = totpUri(secret, opts.username);
  const expires = Math.floor(Date.now() / 1000) + ENROLMENT_TTL_SECONDS;
  const body = `${opts.userId}.${secret}.${expires}`;
  // An SVG data: URL, drawn on the server: the page CSP allows data: images and nothing else outside.
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`, enrolment: `${body}.${mac(body)}` };
}

function secretOf(enrolment: string, userId: string): string | null {
  const parts = enrolment.split(".");
  if (parts.length !== 4) return null;
  const [owner, secret, expiresText, given] = parts;
  const expected = Buffer.from(mac(`${owner}.${secret}.${expiresText}`));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  if (owner !== userId || Number(expiresText) * 1000 < Date.now()) return null;
  return secret;
}

/** Stores the secret once a code from it checks out; answers the recovery codes. */
export async function confirmTwoFactorEnrolment(opts: {
  userId: string;
  sessionId: string;
  enrolment: string;
  password: string;
  code: string;
  address: string;
}): Promise<string[]> {
  const secret = secretOf(opts.enrolment, opts.userId);
  if (!secret) throw new AppError("invalid", "This set-up has expired. Start again.");
  await confirmPassword(opts);
  const step = totpStep(secret, opts.code.replace(/\s/g, ""));
  if (step === null) throw fieldError("code", WRONG_CODE);
  const { sealed, keyId } = sealSecret(Buffer.from(secret, "utf8"), TOTP_SECRET_PURPOSE);
  const enabled = await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: opts.userId, twoFactorEnabledAt: null },
      data: { twoFactorSecret: sealed, twoFactorKeyId: keyId, twoFactorEnabledAt: new Date(), twoFactorLastStep: step },
    });
    if (count === 0) return false;
    await sendSecurityNotice(tx, { userId: opts.userId, event: "two_factor_enabled" });
    await tx.userSession.deleteMany({ where: { userId: opts.userId, id: { not: opts.sessionId } } });
    await tx.userSession.updateMany({ where: { id: opts.sessionId, userId: opts.userId }, data: { authMethod: AUTH_METHODS.twoFactor } });
    return true;
  });
  if (!enabled) throw new AppError("conflict", ALREADY_ENABLED);
  const codes = await replaceRecoveryCodes(opts.userId);
  await audit({ kind: "auth.two_factor_enabled", userId: opts.userId, address: opts.address });
  return codes;
}
