// The server the Playwright tests run against: a fresh database, storage folder and secrets on every
// start, the last production build, plain HTTP on port 3100 (E2E_PORT). Removes its folder on exit.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepareDatabase } from "./prepare-db.mjs";

const root = path.resolve(import.meta.dirname, "..");
if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.error("No production build: run `npx next build` first.");
  process.exit(1);
}

// Folders of earlier runs that were killed before they could clean up.
for (const name of fs.readdirSync(os.tmpdir())) {
  const pid = Number(/^coffer-e2e-(\d+)-/.exec(name)?.[1]);
  if (!pid) continue;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code === "ESRCH") fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), `coffer-e2e-${process.pid}-`));
const storageDir = path.join(dir, "storage");
fs.mkdirSync(storageDir);
const databaseUrl = `file:${path.join(dir, "coffer.db")}`;
prepareDatabase(databaseUrl, root);

const env = { ...process.env };
for (const name of ["TRUST_PROXY", "MAX_FILE_SIZE", "USER_QUOTA", "BLOCKED_EXTENSIONS", "AUTH_URL", "NEXTAUTH_URL"]) delete env[name];
Object.assign(env, {
  NODE_ENV: "production",
  PORT: process.env.E2E_PORT ?? "3100",
  DATABASE_URL: databaseUrl,
  STORAGE_DIR: storageDir,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  STORAGE_MASTER_KEY: `e2e:${randomBytes(32).toString("base64url")}`,
  COOKIE_SECURE: "false",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  NEXT_TELEMETRY_DISABLED: "1",
});

const server = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["server.ts"], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
