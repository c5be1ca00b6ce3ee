// The path as the request log shows it (lib/logger.ts logRoute): a link token never, however the path is written.
import { randomBytes } from "node:crypto";

process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
process.env.STORAGE_MASTER_KEY = `k1:${randomBytes(32).toString("base64url")}`;
process.env.LOG_LEVEL = "silent";

let logRoute: (path: string) => string;
beforeAll(async () => {
  ({ logRoute } = await import("@/lib/logger"));
});

const TOKEN = "Ab3_-xYz0123456789abcdefghijklmn";

it.each([
  [`/s/${TOKEN}`, "/s/[token]"],
  [`/s/${TOKEN}/download`, "/s/[token]/download"],
  [`//s/${TOKEN}`, "/s/[token]"],
  [`/s//${TOKEN}`, "/s/[token]"],
  [`/s\\${TOKEN}`, "/s/[token]"],
  [`\\s\\${TOKEN}\\download`, "/s/[token]/download"],
  [`/S/${TOKEN}`, "/s/[token]"],
  [`/%73/${TOKEN}`, "/s/[token]"],
  [`/s%2F${TOKEN}`, "/s/[token]"],
  [`/s%5C${TOKEN}`, "/s/[token]"],
  [`/./s/./${TOKEN}`, "/s/[token]"],
  [`/dashboard/../s/${TOKEN}`, "/s/[token]"],
  [`/%2e%2e/s/${TOKEN}`, "/s/[token]"],
  [`/s/x/${TOKEN}`, "/s/[token]/[token]"],
  [`/s/${TOKEN}/download/${TOKEN}`, "/s/[token]/download/[token]"],
  // File requests: their pages and their upload routes, where the upload's id (192 bits) is masked too.
  [`/r/${TOKEN}`, "/r/[token]"],
  [`/R/${TOKEN}/`, "/r/[token]"],
  [`/%72/${TOKEN}`, "/r/[token]"],
  [`//r//${TOKEN}`, "/r/[token]"],
  [`/api/requests/${TOKEN}/uploads`, "/api/requests/[token]/uploads"],
  [`/api/requests/${TOKEN}/uploads/${TOKEN}`, "/api/requests/[token]/uploads/[token]"],
  [`/API/Requests/${TOKEN}/uploads`, "/api/requests/[token]/uploads"],
  [`/api/%72equests/${TOKEN}`, "/api/requests/[token]"],
  [`/api/dashboard/../requests/${TOKEN}/uploads`, "/api/requests/[token]/uploads"],
])("masks %j as %j", (path, expected) => {
  expect(logRoute(path)).toBe(expected);
  expect(logRoute(path)).not.toContain(TOKEN);
});

it.each([
  ["/", "/"],
  ["/dashboard", "/dashboard"],
  ["/files/cmx2bcr9d00002d7d934bawb7", "/files/cmx2bcr9d00002d7d934bawb7"],
  ["/api/files/abc/download", "/api/files/abc/download"],
  ["/api/auth/callback/credentials", "/api/auth/callback/credentials"],
])("leaves the other route %j as %j", (path, expected) => {
  expect(logRoute(path)).toBe(expected);
});
