// The theme cookie is read by an allowlist: only the three themes' own names count, never what every object inherits.
import { parseTheme } from "@/lib/theme";

it.each(["system", "light", "dark"])("reads %s", (theme) => {
  expect(parseTheme(theme)).toBe(theme);
});

it.each([undefined, "", "Dark", "constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "dark ", "light;dark"])(
  "falls back to the system's for %j",
  (value) => {
    expect(parseTheme(value)).toBe("system");
  },
);
