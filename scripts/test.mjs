// `npm test`: typecheck, lint, formatting, dependency rules, dependency audit, build, then every test
// (unit, components, integration, browser).
// Ends with one line "N passed, N failed" counting every test that ran.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "test-results");
fs.mkdirSync(results, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };

let failedSteps = [];
function step(name, command, args, extraEnv = {}) {
  console.log(`\n▸ ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const run = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  console.log(`  ${name} ${run.status === 0 ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (run.status !== 0) failedSteps.push(name);
  return run.status === 0;
}

const readJson = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);

step("prisma clients", "node", ["scripts/db/generate.mjs"]);
// Each provider's schema is what prisma/models.prisma makes, and its migrations reach it (docs/decisions/031).
step("database schemas and migrations", "node", ["scripts/db/migration.mjs", "--check"]);
step("typecheck", "npx", ["tsc", "--noEmit"]);
step("lint", "npx", ["eslint", ".", "--max-warnings=0"]);
step("formatting", "npx", ["prettier", "--check", "--log-level=warn", "."]);
step("dependency rules", "npx", [
  "depcruise",
  "app",
  "components",
  "lib",
  "server.ts",
  "proxy.ts",
  "instrumentation.ts",
  "--config",
  ".dependency-cruiser.cjs",
]);
step("server action exports", "node", ["scripts/check-server-actions.mjs"]);
step("dependency audit", "node", ["scripts/audit-dependencies.mjs"]);
const built = step("build", "node", ["scripts/build.mjs"]);

const jestFile = path.join(results, "jest.json");
fs.rmSync(jestFile, { force: true });
if (built) step("jest (unit, components, integration)", "npx", ["jest", "--json", `--outputFile=${jestFile}`]);
else step("jest (unit, components)", "npx", ["jest", "--selectProjects", "unit", "components", "--json", `--outputFile=${jestFile}`]);

const playwrightFile = path.join(results, "playwright.json");
fs.rmSync(playwrightFile, { force: true });
if (built) step("browser tests", "npx", ["playwright", "test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightFile });

const jest = readJson(jestFile);
const playwright = readJson(playwrightFile);
let passed = (jest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0);
let failed = (jest?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0) + (playwright?.stats?.flaky ?? 0);
// A step that failed without failing a test (typecheck, lint, audit, build) still fails the run.
failed += failedSteps.filter((s) => !s.startsWith("jest") && s !== "browser tests").length;
if (jest === null && built) failed += 1;
if (playwright === null && built) failed += 1;
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0);
