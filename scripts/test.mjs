// `npm test`: the schema check and the build, then typecheck, lint, formatting, dependency rules and audit, then every test
// (unit, components, integration, browser) in the default configuration (SQLite, local disk). Each configuration
// named in COFFER_TEST_CONFIGURATIONS (comma-separated, such as `postgresql+s3`) runs the integration suite again,
// in parallel with the default one (jest runs one file at a time: two runs use both cores); its output goes to
// test-results/jest-<configuration>.log and is shown when it fails.
// Ends with one line "N passed, N failed" counting every test that ran.
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";

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

/**
 * What each part of a configuration's name sets, and the command it runs jest under: `postgresql` gives every
 * test file its own database in a throwaway cluster (pg_virtualenv, Debian's postgresql); `s3` puts every test
 * file's blobs in the run's S3 test server (docs/decisions/038). Parts combine with `+` (`postgresql+s3`, what
 * CI runs beside the default).
 */
const CONFIGURATION_PARTS = {
  postgresql: { env: { COFFER_TEST_DATABASE: "postgresql" }, wrapper: ["pg_virtualenv", "-t"] },
  s3: { env: { COFFER_TEST_STORAGE: "s3" } },
};

function configuration(name) {
  const parts = name.split("+").map((part) => {
    const found = CONFIGURATION_PARTS[part];
    if (!found)
      throw new Error(`unknown test configuration part "${part}" in "${name}" (known: ${Object.keys(CONFIGURATION_PARTS).join(", ")})`);
    return found;
  });
  return {
    name,
    env: Object.assign({}, ...parts.map((part) => part.env)),
    wrapper: parts.flatMap((part) => part.wrapper ?? []),
  };
}

const extraConfigurations = (process.env.COFFER_TEST_CONFIGURATIONS ?? "")
  .split(",")
  .map((name) => name.trim())
  .filter(Boolean)
  .map(configuration);

/** Starts the integration suite in `config`; answers a promise of its jest report (null when there is none). */
function startIntegrationRun(config) {
  const jsonFile = path.join(results, `jest-${config.name}.json`);
  const logFile = path.join(results, `jest-${config.name}.log`);
  fs.rmSync(jsonFile, { force: true });
  const log = fs.openSync(logFile, "w");
  const command = [...config.wrapper, "npx", "jest", "--selectProjects", "integration", "--json", `--outputFile=${jsonFile}`];
  console.log(`\n▸ integration tests (${config.name}), in parallel: ${command.join(" ")} > ${path.relative(root, logFile)}`);
  const started = Date.now();
  const child = spawn(command[0], command.slice(1), { cwd: root, stdio: ["ignore", log, log], env: { ...env, ...config.env } });
  return new Promise((resolve) => {
    child.on("close", (status) => {
      fs.closeSync(log);
      const ok = status === 0;
      console.log(`\n  integration tests (${config.name}) ${ok ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (!ok) {
        failedSteps.push(`integration tests (${config.name})`);
        console.log(fs.readFileSync(logFile, "utf8").split("\n").slice(-200).join("\n"));
      }
      resolve(readJson(jsonFile));
    });
  });
}

/** `step`, without blocking: the parallel integration runs report while it runs. */
function stepAsync(name, command, args, extraEnv = {}) {
  console.log(`\n▸ ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  return new Promise((resolve) => {
    child.on("close", (status) => {
      console.log(`  ${name} ${status === 0 ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (status !== 0) failedSteps.push(name);
      resolve(status === 0);
    });
  });
}

const readJson = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);

step("prisma clients", "node", ["scripts/db/generate.mjs"]);
// Each provider's schema is what prisma/models.prisma makes, and its migrations reach it (docs/decisions/031). Before
// the PostgreSQL run starts: both make a throwaway cluster with pg_virtualenv, which allows one at a time.
step("database schemas and migrations", "node", ["scripts/db/migration.mjs", "--check"]);
// Then the build: the other configurations' integration runs (the longest part of a run) start as soon as it is
// there, and the other checks run beside them.
const built = step("build", "node", ["scripts/build.mjs"]);
const extraRuns = built ? extraConfigurations.map(startIntegrationRun) : [];
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
step("route handler wrappers", "node", ["scripts/check-route-handlers.mjs"]);
step("dependency audit", "node", ["scripts/audit-dependencies.mjs"]);

const jestFile = path.join(results, "jest.json");
fs.rmSync(jestFile, { force: true });
if (built) await stepAsync("jest (unit, components, integration)", "npx", ["jest", "--json", `--outputFile=${jestFile}`]);
else
  await stepAsync("jest (unit, components)", "npx", [
    "jest",
    "--selectProjects",
    "unit",
    "components",
    "--json",
    `--outputFile=${jestFile}`,
  ]);

const playwrightFile = path.join(results, "playwright.json");
fs.rmSync(playwrightFile, { force: true });
if (built) await stepAsync("browser tests", "npx", ["playwright", "test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightFile });
const extraReports = await Promise.all(extraRuns);

const jest = readJson(jestFile);
const playwright = readJson(playwrightFile);
let passed = (jest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0);
let failed = (jest?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0) + (playwright?.stats?.flaky ?? 0);
for (const report of extraReports) {
  passed += report?.numPassedTests ?? 0;
  failed += report === null ? 1 : report.numFailedTests;
}
// A step that failed without failing a test (typecheck, lint, audit, build) still fails the run.
failed += failedSteps.filter((s) => !s.startsWith("jest") && !s.startsWith("integration tests") && s !== "browser tests").length;
if (jest === null && built) failed += 1;
if (playwright === null && built) failed += 1;
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0);
