// Every route handler is a public endpoint. This check fails when one is not built by a wrapper that decides who
// may call it: withUser (a session or a token with scopes), withVisitor (a public link's visitor, rate-limited per
// address), withRequestVisitor (a file request's visitor) or withPublic (public on purpose, with its reason), in
// lib/http/. A factory of such routes counts when its own source returns one of them (withApi, for /api/v1, is one).
// `node scripts/check-route-handlers.mjs [--root DIR]`.
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const root = path.resolve(args.includes("--root") ? args[args.indexOf("--root") + 1] : path.resolve(import.meta.dirname, ".."));
const METHODS = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS";
const WRAPPERS = ["withUser", "withVisitor", "withRequestVisitor", "withPublic"];
// Route factories, each with the file that defines it: counted only while that file's function returns a wrapper.
// withApi (/api/v1) is withUser with an operation's scopes and the API's error body.
const FACTORIES = { filePreviewRoute: "lib/http/serve-file-preview.ts", withApi: "lib/http/with-api.ts" };
// Handlers that are not Coffer's to wrap, each with why.
const EXEMPT = {
  "app/api/auth/[...nextauth]/route.ts": "Auth.js's own endpoints (sign-in itself), restricted to the few Coffer uses",
};
const SEGMENT_CONFIG = /^export const (dynamic|runtime|revalidate|maxDuration|fetchCache|preferredRegion|dynamicParams) = /;
const WRAPPED = new RegExp(`^export const (${METHODS}) = (${[...WRAPPERS, ...Object.keys(FACTORIES)].join("|")})(<[^>]*>)?\\(`);
const ALIAS = new RegExp(`^export const (${METHODS}) = (${METHODS});$`);
const problems = [];

for (const [factory, file] of Object.entries(FACTORIES)) {
  const full = path.join(root, file);
  const source = fs.existsSync(full) ? fs.readFileSync(full, "utf8") : "";
  const body = new RegExp(`export function ${factory}\\b[^{]*\\{\\s*return (${WRAPPERS.join("|")})(<[^>]*>)?\\(`);
  if (!body.test(source)) problems.push(`${file}: ${factory} does not return ${WRAPPERS.join(", ")}`);
}

function walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/^route\.(ts|tsx|js|mjs)$/.test(entry.name)) check(full);
  }
}

function check(file) {
  const relative = path.relative(root, file).split(path.sep).join("/");
  if (EXEMPT[relative]) return;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  lines.forEach((line, index) => {
    if (!/^export\b/.test(line) || /^export type\b/.test(line) || SEGMENT_CONFIG.test(line)) return;
    if (WRAPPED.test(line) || ALIAS.test(line)) return;
    problems.push(`${relative}:${index + 1}: ${line.trim()}`);
  });
}

walk(path.join(root, "app"));
if (problems.length) {
  console.error(`These route handlers are not built by ${WRAPPERS.join(", ")} (lib/http/):`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log("Every route handler goes through a route wrapper.");
