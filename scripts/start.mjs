// `npm start`: installs what is missing, generates the Prisma client, migrates, builds when the sources
// changed (content hashes: scripts/source-stamp.mjs), and serves with plain node. A second `npm start`
// while one runs from this folder (the start lock: scripts/start-lock.mjs), or while the port is taken, says
// so and leaves everything alone. Plain Node only: it runs before anything is installed.
import fs from "node:fs";
import path from "node:path";
import { execSync, spawn } from "node:child_process";
import { ensureEnvFile } from "./ensure-env.mjs";
import { productionServerArgs } from "./server-node-flags.mjs";
import { sourceStamp, STAMP_FILE } from "./source-stamp.mjs";
import { lockFunctions, portTaken, takeStartLock } from "./start-lock.mjs";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const run = (command, env = {}) => execSync(command, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
const step = (message) => console.log(`\n▸ ${message}`);

/** The start lock, or the end of this start when another process holds it. */
function startLock() {
  const lock = takeStartLock(root);
  if (lock.refused) {
    console.error(`${lock.refused}. Stop it before starting another: one server per folder (two nodes need two folders).`);
    process.exit(1);
  }
  return lock;
}

async function refuseIfPortTaken() {
  const port = Number(process.env.PORT || 3000);
  if (await portTaken(port)) {
    console.error(`Port ${port} is already in use. Stop what listens there, or set PORT to another port.`);
    process.exit(1);
  }
}

// Before anything touches node_modules, the client or .next: a server running from this folder uses them. Before
// the first install the lock's module is not there yet, and neither is a server of this folder to hold it.
let startedLock = lockFunctions() ? startLock() : null;

const packageLock = path.join(root, "package-lock.json");
const installed = path.join(root, "node_modules", ".package-lock.json");
if (!fs.existsSync(installed) || fs.statSync(packageLock).mtimeMs > fs.statSync(installed).mtimeMs) {
  step("Installing dependencies");
  run("npm install --no-audit --no-fund");
}
startedLock ??= startLock();

const created = ensureEnvFile(root);
const secrets = created.filter((name) => name !== "APP_URL");
if (secrets.length) step(`Generated ${secrets.join(", ")} into .env.local (keep it secret, back it up)`);
if (created.includes("APP_URL")) {
  step(`Wrote APP_URL=http://localhost:${process.env.PORT || 3000} into .env.local: set it to the address visitors use`);
}

// @next/env is CommonJS: its exports arrive on `default`.
const { loadEnvConfig } = (await import("@next/env")).default;
loadEnvConfig(root, dev);
await refuseIfPortTaken();

step("Generating the Prisma clients");
run("node scripts/db/generate.mjs");

step("Applying database migrations");
const { prepareDatabase, withMigrationLock } = await import("./prepare-db.mjs");
const { databaseUrl, databaseUrlProblem } = await import("../lib/env/database-url.mjs");
const problem = databaseUrlProblem(databaseUrl());
if (problem) {
  console.error(`Coffer cannot start: DATABASE_URL ${problem}`);
  process.exit(1);
}
await withMigrationLock(process.env.MIGRATION_DATABASE_URL || databaseUrl(), root, () =>
  prepareDatabase(databaseUrl(), root, process.env.MIGRATION_DATABASE_URL),
);

if (!dev) {
  const stampFile = path.join(root, STAMP_FILE);
  if (!fs.existsSync(stampFile) || fs.readFileSync(stampFile, "utf8") !== sourceStamp(root)) {
    step("Building");
    run("node scripts/build.mjs");
  } else {
    step("The build is up to date");
  }
}

step(dev ? "Starting the development server" : "Starting Coffer");
const [command, args] = dev
  ? [path.join(root, "node_modules", ".bin", "tsx"), ["server.ts", "--dev"]]
  : [process.execPath, productionServerArgs(root)];
// The server inherits the locked file (its fd 3, which it leaves alone): the lock holds while either process lives,
// so a server left behind by a killed `npm start` still keeps a second one out.
const server = spawn(command, args, {
  cwd: root,
  stdio: ["inherit", "inherit", "inherit", startedLock.fd],
  env: { ...process.env, NODE_ENV: dev ? "development" : "production", NEXT_TELEMETRY_DISABLED: "1" },
});
if (server.pid) startedLock.note("serving", server.pid);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
