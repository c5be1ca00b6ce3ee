// Two-factor sign-in over real HTTP: turning it on through the settings actions, codes as an authenticator
// app would show them, and the two steps of signing in.
import { db } from "@/lib/db";
import { totpCode, TOTP_PERIOD } from "@/lib/auth/totp";
import type { ActionResult } from "@/lib/actions/action-result";
import { Client } from "./http-client";
import { ACTION_FILES } from "./action-files";
import { resultOf } from "./sharing";

const PERIOD_MS = TOTP_PERIOD * 1000;

/**
 * A code the server has not accepted for this account yet: the earliest 30-second step after the last one
 * it accepted, within the one-step window around now (the step before now is skipped near a step's end,
 * where it could fall out of the window before the request arrives).
 */
export async function unusedCode(userId: string, secret: string): Promise<string> {
  const { twoFactorLastStep } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { twoFactorLastStep: true } });
  const now = Date.now();
  const current = Math.floor(now / PERIOD_MS);
  const earliest = now % PERIOD_MS > PERIOD_MS - 5_000 ? current : current - 1;
  const step = Math.max(earliest, (twoFactorLastStep ?? -Infinity) + 1);
  if (step > current + 1) throw new Error("every code of the current window was used; the test used too many");
  return totpCode(secret, step * PERIOD_MS + PERIOD_MS / 2);
}

export type Enrolled = { secret: string; recoveryCodes: string[] };

/** Turns two-factor on for the signed-in client's account, as the settings page does (it asks for the password). */
export async function enrolTwoFactor(client: Client, password: string): Promise<Enrolled> {
  const started = resultOf(
    await client.callAction<ActionResult<{ secret: string; enrolment: string; qrCode: string; uri: string }>>(
      "/settings",
      ACTION_FILES.settings,
      "startTwoFactorAction",
      [{ password }],
    ),
  );
  if (!started.ok) throw new Error(`startTwoFactorAction: ${started.error}`);
  const { secret, enrolment } = started.data;
  const confirmed = resultOf(
    await client.callAction<ActionResult<{ recoveryCodes: string[] }>>("/settings", ACTION_FILES.settings, "confirmTwoFactorAction", [
      { enrolment, password, code: await unusedCodeBeforeEnrolment(secret) },
    ]),
  );
  if (!confirmed.ok) throw new Error(`confirmTwoFactorAction: ${confirmed.error}`);
  return { secret, recoveryCodes: confirmed.data.recoveryCodes };
}

async function unusedCodeBeforeEnrolment(secret: string): Promise<string> {
  const now = Date.now();
  const current = Math.floor(now / PERIOD_MS);
  const step = now % PERIOD_MS > PERIOD_MS - 5_000 ? current : current - 1;
  return totpCode(secret, step * PERIOD_MS + PERIOD_MS / 2);
}

/** The password step: answers what signInAction returned (twoFactor: true when a code is wanted next). */
export async function passwordStep(client: Client, identifier: string, password: string) {
  return client.callAction<ActionResult<{ twoFactor: boolean }>>("/login", ACTION_FILES.login, "signInAction", [{ identifier, password }]);
}

export async function codeStep(client: Client, code: string, next?: string) {
  return client.callAction<ActionResult>("/login", ACTION_FILES.login, "verifyTwoFactorSignInAction", [
    { code, ...(next ? { next } : {}) },
  ]);
}
