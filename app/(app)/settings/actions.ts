"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { signOut } from "@/lib/auth/config";
import { changePasswordSchema, confirmTwoFactorSchema, sessionIdSchema, twoFactorCodeInputSchema } from "@/lib/auth/schemas";
import { changePassword } from "@/lib/auth/change-password";
import { endAllSessions } from "@/lib/auth/end-all-sessions";
import { endOtherSessions, endSession } from "@/lib/auth/end-session";
import { confirmTwoFactorEnrolment, startTwoFactorEnrolment } from "@/lib/auth/enrol-two-factor";
import { disableTwoFactor, regenerateRecoveryCodes } from "@/lib/auth/manage-two-factor";
import { authAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { setFlash } from "@/lib/actions/flash";
import { env } from "@/lib/env";
import { THEME_COOKIE, THEMES, themeSchema } from "@/lib/theme";
import { clientAddress } from "@/lib/client-address";

const address = async () => clientAddress(await headers());

export const changePasswordAction = authAction(changePasswordSchema, async (input, { user }) => {
  await changePassword({
    userId: user.id,
    sessionId: user.sessionId,
    currentPassword: input.currentPassword,
    newPassword: input.newPassword,
    code: input.code,
    address: await address(),
  });
  return success("Password changed. Other sessions were signed out.");
});

export const signOutEverywhereAction = authAction(z.object({}), async (_input, { user }) => {
  await endAllSessions({ userId: user.id });
  await signOut({ redirect: false });
  await setFlash({ type: "success", message: "Signed out on every device." });
  redirect("/login");
});

export const signOutAction = authAction(z.object({}), async () => {
  // Auth.js's signOut event ends this session's record (lib/auth/config.ts): copies of the cookie stop working too.
  await signOut({ redirect: false });
  await setFlash({ type: "success", message: "Signed out." });
  redirect("/login");
});

// The appearance belongs to this browser (a phone and a laptop may differ), so it is a cookie, not an account setting.
export const setThemeAction = authAction(themeSchema, async ({ theme }) => {
  (await cookies()).set(THEME_COOKIE, theme, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: env().secureCookies,
    maxAge: 365 * 24 * 60 * 60,
  });
  return success(
    theme === "system" ? "Coffer now follows your system's appearance." : `Coffer now uses the ${THEMES[theme].toLowerCase()} appearance.`,
  );
});
export const signOutSessionAction = authAction(sessionIdSchema, async ({ sessionId }, { user }) => {
  await endSession({ userId: user.id, sessionId, address: await address() });
  if (sessionId === user.sessionId) {
    await signOut({ redirect: false });
    await setFlash({ type: "success", message: "Signed out." });
    redirect("/login");
  }
  revalidatePath("/settings");
  return success("That session is signed out.");
});

export const signOutOtherSessionsAction = authAction(z.object({}), async (_input, { user }) => {
  const ended = await endOtherSessions({ userId: user.id, keepSessionId: user.sessionId, address: await address() });
  revalidatePath("/settings");
  return success(
    ended === 0 ? "There were no other sessions." : ended === 1 ? "Signed out 1 other session." : `Signed out ${ended} other sessions.`,
  );
});

export const startTwoFactorAction = authAction(z.object({}), async (_input, { user }) => {
  const enrolment = await startTwoFactorEnrolment({ userId: user.id, username: user.username });
  return success("Scan the QR code with your authenticator app.", enrolment);
});

export const confirmTwoFactorAction = authAction(confirmTwoFactorSchema, async (input, { user }) => {
  const recoveryCodes = await confirmTwoFactorEnrolment({ ...input, userId: user.id, sessionId: user.sessionId, address: await address() });
  revalidatePath("/settings");
  return success("Two-factor sign-in is on and your other sessions are signed out. Save your recovery codes.", { recoveryCodes });
});

export const disableTwoFactorAction = authAction(twoFactorCodeInputSchema, async (input, { user }) => {
  await disableTwoFactor({ ...input, userId: user.id, sessionId: user.sessionId, address: await address() });
  revalidatePath("/settings");
  return success("Two-factor sign-in is off.");
});

export const regenerateRecoveryCodesAction = authAction(twoFactorCodeInputSchema, async (input, { user }) => {
  const recoveryCodes = await regenerateRecoveryCodes({ ...input, userId: user.id, sessionId: user.sessionId, address: await address() });
  return success("New recovery codes made; the old ones no longer work.", { recoveryCodes });
});
