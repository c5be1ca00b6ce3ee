"use server";
import { cookies } from "next/headers";
import { authAction } from "@/lib/actions/safe-action";
import { success } from "@/lib/actions/action-result";
import { env } from "@/lib/env";
import { THEME_COOKIE, THEMES, themeSchema } from "@/lib/theme";

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
