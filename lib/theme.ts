// Light, dark, or whatever the system says: the person's choice, kept in a cookie the server reads, so the
// page arrives in the right colours with no script (the page CSP allows none without its nonce). Safe for the browser.
import { z } from "@/lib/zod";

export const THEMES = { system: "Same as the system", light: "Light", dark: "Dark" } as const;
export type Theme = keyof typeof THEMES;

export const THEME_COOKIE = "coffer-theme";

export const themeSchema = z.object({ theme: z.enum(Object.keys(THEMES) as [Theme, ...Theme[]]) });
export type ThemeInput = z.input<typeof themeSchema>;

/** An allowlist: only the themes' own names, never a name every object inherits ("constructor", "__proto__"). */
export function parseTheme(value: string | undefined): Theme {
  return value !== undefined && Object.hasOwn(THEMES, value) ? (value as Theme) : "system";
}
