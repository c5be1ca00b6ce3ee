// Where a visitor may be sent after signing in (lib/safe-redirect-path.ts): only paths of this site, read
// the way a browser reads them (tabs and newlines dropped, "\" taken for "/").
import { safeRedirectPath } from "@/lib/safe-redirect-path";

it.each([
  ["/files/abc", "/files/abc"],
  ["/dashboard?sort=name&dir=asc", "/dashboard?sort=name&dir=asc"],
  ["/settings#password", "/settings#password"],
  // Encoded slashes and backslashes stay encoded: the browser asks this site for that path.
  ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ["/%5C%5Cevil.example", "/%5C%5Cevil.example"],
  ["/%09/evil.example", "/%09/evil.example"],
  // Dot segments are resolved, as the browser would.
  ["/files/../settings", "/settings"],
])("keeps the same-site path %j as %j", (next, expected) => {
  expect(safeRedirectPath(next)).toBe(expected);
});

it.each([
  undefined,
  null,
  "",
  "dashboard",
  "https://evil.example/",
  "http://evil.example",
  "//evil.example/",
  "/\\evil.example",
  "\\\\evil.example",
  "javascript:alert(1)",
  // Browsers strip tabs, CR and LF anywhere in a URL: these become //evil.example.
  "/\t/evil.example",
  "/\r/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/\t\\evil.example",
  "/\\\t\\evil.example",
  // A path that resolves to two leading slashes is another host to the browser.
  "/.//evil.example",
  "/x/..//evil.example",
  "/%2e//evil.example",
  "/%2e%2e//evil.example",
])("sends %j to the dashboard", (next) => {
  expect(safeRedirectPath(next)).toBe("/dashboard");
});

it("never answers anything that leaves the site, for any input", () => {
  for (const next of ["/\t/\t/evil.example", "/ /evil.example", "/\u0000/evil.example", "/\u000b/evil.example"]) {
    const target = safeRedirectPath(next);
    expect(target.startsWith("/")).toBe(true);
    expect(new URL(target, "https://coffer.example").origin).toBe("https://coffer.example");
  }
});
