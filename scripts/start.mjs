// `npm start`: installs what is missing, generates the Prisma client, migrates, builds when the
// sources changed, and serves. Plain Node only: it runs before anything is installed.
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { execSync, spawn } from "node:child_process";
import { ensureEnvFile } from "./ensure-env.mjs";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const run = (command, env = {}) => execSync(command, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
const step = (message) => console.log(`\n▸ ${message}`);

const lock = path.join(root, "package-lock.json");
const installed = path.join(root, "node_modules", ".package-lock.json");
if (!fs.existsSync(installed) || fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs) {
  step("Installing dependencies");
  run("npm install --no-audit --no-fund");
}

const created = ensureEnvFile(root);
if (created.length) step(`Generated ${created.join(", ")} into .env.local (keep it secret, back it up)`);

// @next/env is CommonJS: its exports arrive on `default`.
const { loadEnvConfig } = (await import("@next/env")).default;
loadEnvConfig(root, dev);

step("Generating the Prisma client");
run("npx prisma generate", { PRISMA_HIDE_UPDATE_MESSAGE: "1" });

step("Applying database migrations");
const { prepareDatabase } = await import("./prepare-db.mjs");
prepareDatabase(process.env.DATABASE_URL || "file:./data/coffer.db", root);

function sourceStamp() {
  const hash = createHash("sha256");
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(`${full}:${fs.statSync(full).mtimeMs}\n`);
    }
  };
  for (const dir of ["app", "components", "lib", "public", "prisma"]) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const file of ["proxy.ts", "next.config.mjs", "package-lock.json", "postcss.config.mjs", "instrumentation.ts"]) {
    if (fs.existsSync(path.join(root, file))) hash.update(`${file}:${fs.statSync(path.join(root, file)).mtimeMs}\n`);
  }
  return hash.digest("hex");
}

if (!dev) {
  const stampFile = path.join(root, ".next", "coffer-source-stamp");
  const stamp = sourceStamp();
  if (!fs.existsSync(stampFile) || fs.readFileSync(stampFile, "utf8") !== stamp) {
    step("Building");
    run("npx next build", { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
    fs.writeFileSync(stampFile, stamp);
  }
}

step(dev ? "Starting the development server" : "Starting Coffer");
const server = spawn("npx", ["tsx", "server.ts", ...(dev ? ["--dev"] : [])], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: dev ? "development" : "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
