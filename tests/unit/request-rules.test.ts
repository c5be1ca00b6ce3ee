// server.ts's refusals before Next.js (lib/security/request-rules.ts): the action body limit is Next.js's own, and
// what is refused and what is let through.
import nextConfig from "../../next.config.mjs";
import { ACTION_BODY_LIMIT, refusal } from "@/lib/security/request-rules";

it("refuses action bodies at exactly the size next.config.mjs lets Next.js accept", () => {
  expect(nextConfig.experimental?.serverActions?.bodySizeLimit).toBe("1mb");
  expect(ACTION_BODY_LIMIT).toBe(1024 * 1024);
});

const request = (method: string, url: string, headers: Record<string, string> = {}) => refusal({ method, url, headers });

it.each([
  ["GET", "/login", {}, null],
  ["POST", "/settings", { "content-length": String(ACTION_BODY_LIMIT) }, null],
  ["POST", "/settings", { "content-length": String(ACTION_BODY_LIMIT + 1) }, 413],
  ["POST", "/api/files", { "content-length": String(10 * ACTION_BODY_LIMIT) }, null],
  ["POST", "/api/files", { "transfer-encoding": "chunked" }, null],
  ["POST", "/api/v1/files", { "content-length": String(10 * ACTION_BODY_LIMIT) }, null],
  ["PATCH", "/api/v1/files/abc", { "content-length": String(2 * ACTION_BODY_LIMIT) }, 413],
  ["POST", "/api/auth/callback/credentials", { "transfer-encoding": "chunked" }, 411],
  ["POST", "/dashboard", { "transfer-encoding": "chunked", "x-action-forwarded": "1" }, 411],
  ["DELETE", "/api/files/abc", {}, null],
  // Resumable uploads: the creation (it may carry the first bytes) and the PATCHes are transfers; nothing else is.
  ["POST", "/api/uploads", { "content-length": String(10 * ACTION_BODY_LIMIT) }, null],
  ["PATCH", "/api/uploads/abcdefghijklmnopqrstuvwxyz012345", { "content-length": String(64 * ACTION_BODY_LIMIT) }, null],
  ["PATCH", "/api/uploads/abc/def", { "content-length": String(2 * ACTION_BODY_LIMIT) }, 413],
  ["PATCH", "/api/files/abc", { "content-length": String(2 * ACTION_BODY_LIMIT) }, 413],
  ["PUT", "/api/uploads/abc", { "content-length": String(2 * ACTION_BODY_LIMIT) }, 413],
  // A file request's visitors: the same two requests, under the request's token.
  ["POST", "/api/requests/abcdefghijklmnopqrstuvwxyz012345/uploads", { "content-length": String(10 * ACTION_BODY_LIMIT) }, null],
  [
    "PATCH",
    "/api/requests/abcdefghijklmnopqrstuvwxyz012345/uploads/abcdefghijklmnopqrstuvwxyz012345",
    { "content-length": String(64 * ACTION_BODY_LIMIT) },
    null,
  ],
  ["PATCH", "/api/requests/abc/uploads", { "content-length": String(2 * ACTION_BODY_LIMIT) }, 413],
  ["POST", "/api/requests/abc/other", { "content-length": String(2 * ACTION_BODY_LIMIT) }, 413],
  ["POST", "/r/abc", { "content-length": String(2 * ACTION_BODY_LIMIT) }, 413],
  ["DELETE", "/dashboard", {}, 405],
  ["TRACE", "/api/files", {}, 405],
  ["OPTIONS", "/login", {}, 204],
  ["OPTIONS", "/api/files", {}, null],
  ["OPTIONS", "*", {}, 204],
  ["GET", "*", {}, 400],
  ["GET", "http://evil.example/login", {}, 400],
  ["GET", "evil.example:443", {}, 400],
] as const)("%s %s %j → %s", (method, url, headers, status) => {
  expect(request(method, url, headers)?.status ?? null).toBe(status);
});

it("lets Next.js's own forward of an action (a streamed body, from this machine) through", () => {
  const forward = { method: "POST", url: "/admin", headers: { "transfer-encoding": "chunked", "x-action-forwarded": "1" } };
  expect(refusal(forward, { fromLoopback: true })).toBeNull();
  expect(refusal(forward, { fromLoopback: false })?.status).toBe(411);
});
