// Gives each integration test file its own database (migrated with the real `prisma migrate deploy`),
// its own storage folder and its own secrets. Jest loads it (setupFiles) before the test file imports any
// app module: lib/env.ts reads process.env once, lib/db.ts at import time. The folder lives in the run's
// folder, which global-teardown.ts removes (see test-run.ts).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { RUN_DIR_VARIABLE } from "./test-run";

const root = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(process.env[RUN_DIR_VARIABLE] ?? os.tmpdir(), "coffer-test-file-"));
const databaseUrl = `file:${path.join(dir, "coffer.db")}`;
const storageDir = path.join(dir, "storage");
fs.mkdirSync(storageDir);

// prepare-db.mjs is an ES module, which jest's CommonJS runtime cannot load: run it in a child Node.
execFileSync(
  process.execPath,
  [
    "--input-type=module",
    "--eval",
    `import { prepareDatabase } from ${JSON.stringify(pathToFileURL(path.join(root, "scripts/prepare-db.mjs")).href)};
     prepareDatabase(process.argv[1], process.argv[2]);`,
    databaseUrl,
    root,
  ],
  { cwd: root, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" } },
);

// Values from the developer's shell must not change what the tests see.
for (const name of ["PORT", "TRUST_PROXY", "MAX_FILE_SIZE", "USER_QUOTA", "BLOCKED_EXTENSIONS", "AUTH_URL", "NEXTAUTH_URL"]) {
  delete process.env[name];
}
Object.assign(process.env, {
  NODE_ENV: "test",
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  STORAGE_MASTER_KEY: `k1:${randomBytes(32).toString("base64url")}`,
  DATABASE_URL: databaseUrl,
  STORAGE_DIR: storageDir,
  LOG_LEVEL: "silent",
  COOKIE_SECURE: "false",
  NEXT_TELEMETRY_DISABLED: "1",
});

// bcrypt at cost 12 and a real server make these tests slow, more so on a busy machine. (A testTimeout
// inside a jest project is ignored: jest-circus reads only the top-level one.)
jest.setTimeout(120_000);
