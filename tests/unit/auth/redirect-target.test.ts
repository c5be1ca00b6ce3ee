// Where Auth.js may send a browser (lib/auth/redirect-target.ts): same-site targets as relative paths,
// whatever origin Auth.js believed it ran at; anything that leaves the site becomes the home page.
import { randomBytes } from "node:crypto";

process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
process.env.STORAGE_MASTER_KEY = `k1:${randomBytes(32).toString("base64url")}`;
process.env.APP_URL = "https://files.example.org";

type RedirectModule = typeof import("@/lib/auth/redirect-target");
let target: RedirectModule["redirectTarget"];

beforeAll(async () => {
  ({ redirectTarget: target } = await import("@/lib/auth/redirect-target"));
});

const SERVER = "http://localhost:3000";

it.each([
  ["/dashboard", "/dashboard"],
  ["/files/abc?tab=links#top", "/files/abc?tab=links#top"],
  [`${SERVER}/settings`, "/settings"],
  ["https://files.example.org/admin", "/admin"],
  [SERVER, "/"],
  ["https://files.example.org", "/"],
])("keeps %s as %s", (url, expected) => {
  expect(target({ url, baseUrl: SERVER })).toBe(expected);
});

it.each([
  "https://evil.example/dashboard",
  "//evil.example/dashboard",
  "/\\evil.example/dashboard",
  "http://localhost:3001/dashboard",
  "javascript:alert(1)",
  "data:text/html,hi",
  "http://[::1",
])("sends %s home", (url) => {
  expect(target({ url, baseUrl: SERVER })).toBe("/");
});
