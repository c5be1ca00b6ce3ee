// Where a visitor may be sent after signing in (lib/safe-redirect-path.ts): only paths of this site.
import { safeRedirectPath } from "@/lib/safe-redirect-path";

it.each([
  ["/files/abc", "/files/abc"],
  ["/dashboard?sort=name&dir=asc", "/dashboard?sort=name&dir=asc"],
  ["/settings#password", "/settings#password"],
])("keeps the same-site path %s", (next, expected) => {
  expect(safeRedirectPath(next)).toBe(expected);
});

it.each([undefined, null, "", "dashboard", "https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"])(
  "sends %p to the dashboard",
  (next) => {
    expect(safeRedirectPath(next)).toBe("/dashboard");
  },
);
