"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth/config";
import { changePasswordSchema } from "@/lib/auth/schemas";
import { changePassword } from "@/lib/auth/change-password";
import { endAllSessions } from "@/lib/auth/end-all-sessions";
import { authAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { setFlash } from "@/lib/actions/flash";
import { env } from "@/lib/env";
import { THEME_COOKIE, THEMES, themeSchema } from "@/lib/theme";

export const changePasswordAction = authAction(changePasswordSchema, async (input, { user }) => {
  await changePassword({ userId: user.id, currentPassword: input.currentPassword, newPassword: input.newPassword });
  // Re-issue this browser's token under the new session version; every other session is now stale.
  await signIn("credentials", { identifier: user.username, password: input.newPassword, redirect: false });
  return success("Password changed. Other sessions were signed out.");
});

export const signOutEverywhereAction = authAction(z.object({}), async (_input, { user }) => {
  await endAllSessions({ userId: user.id });
  await signOut({ redirect: false });
  await setFlash({ type: "success", message: "Signed out on every device." });
  redirect("/login");
});

export const signOutAction = authAction(z.object({}), async () => {
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
