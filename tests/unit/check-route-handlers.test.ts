// scripts/check-route-handlers.mjs, which `npm test` runs: a route handler that no wrapper builds fails the run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const script = path.resolve(__dirname, "../../scripts/check-route-handlers.mjs");
const FACTORY =
  'export function filePreviewRoute(variant) {\n  return withUser(async () => new Response(variant), { scopes: ["files:read"] });\n}\n';

const API_FACTORY =
  'export function withApi<P>(handler: ApiHandler<P>, operation: ApiOperation) {\n  return withUser<P>(handler, { scopes: operation.scopes, body: "api" });\n}\n';

function run(routes: Record<string, string>, factory = FACTORY, apiFactory = API_FACTORY) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "coffer-routes-"));
  fs.mkdirSync(path.join(root, "lib/http"), { recursive: true });
  fs.writeFileSync(path.join(root, "lib/http/serve-file-preview.ts"), factory);
  fs.writeFileSync(path.join(root, "lib/http/with-api.ts"), apiFactory);
  for (const [file, source] of Object.entries(routes)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), source);
  }
  const result = spawnSync(process.execPath, [script, "--root", root], { encoding: "utf8" });
  fs.rmSync(root, { recursive: true, force: true });
  return { status: result.status, output: result.stdout + result.stderr };
}

it("passes routes built by the wrappers, their aliases and segment settings", () => {
  const result = run({
    "app/api/a/route.ts":
      'export const dynamic = "force-dynamic";\nexport const GET = withUser<{ id: string }>(async () => x, { scopes: ["files:read"] });\nexport const HEAD = GET;\n',
    "app/api/b/route.ts":
      'export const POST = withVisitor(async () => x, { limit: "linkRequest" });\nexport const OPTIONS = withPublic(() => x, { why: "because" });\n',
    "app/api/c/route.ts": 'export const GET = filePreviewRoute("large");\nexport type Thing = string;\n',
    "app/api/v1/d/route.ts": "export const GET = withApi<{ id: string }>(async () => x, OPERATIONS.one);\nexport const HEAD = GET;\n",
  });
  expect(result).toMatchObject({ status: 0 });
});

it.each([
  ["a plain function", "export async function GET() {\n  return new Response();\n}\n"],
  ["an arrow function", "export const PATCH = async () => new Response();\n"],
  ["a re-export", 'export { handler as DELETE } from "./handler";\n'],
  ["another wrapper's look-alike", "export const GET = withUsers(async () => x);\n"],
])("fails %s, naming the file and line", (_kind, source) => {
  const result = run({ "app/api/files/[id]/route.ts": source });
  expect(result.status).toBe(1);
  expect(result.output).toContain("app/api/files/[id]/route.ts:1");
});

it("fails a route factory that stopped returning a wrapper", () => {
  const result = run(
    { "app/api/c/route.ts": 'export const GET = filePreviewRoute("large");\n' },
    "export function filePreviewRoute(variant) {\n  return async () => new Response(variant);\n}\n",
  );
  expect(result.status).toBe(1);
  expect(result.output).toContain("filePreviewRoute does not return");
});

it("fails /api/v1's wrapper once it stops returning withUser", () => {
  const result = run(
    { "app/api/v1/d/route.ts": "export const GET = withApi(async () => x, OPERATIONS.one);\n" },
    FACTORY,
    "export function withApi<P>(handler: ApiHandler<P>, operation: ApiOperation) {\n  return async (request: Request) => handler(request);\n}\n",
  );
  expect(result.status).toBe(1);
  expect(result.output).toContain("withApi does not return");
});
