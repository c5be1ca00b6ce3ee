// Gives each integration test file its own database (migrated with the real `prisma migrate deploy`),
// its own storage folder and its own secrets. Jest loads it (setupFiles) before the test file imports any
// app module: lib/env reads process.env once, lib/db.ts at import time. The folder lives in the run's
// folder, which global-teardown.ts removes (see test-run.ts).
import os from "node:os";
import path from "node:path";
import { CLEARED_VARIABLES, createThrowawayData } from "../../scripts/throwaway-server.mjs";
import { RUN_DIR_VARIABLE } from "./test-run";

const root = path.resolve(__dirname, "../..");
const data = createThrowawayData({ root, parentDir: process.env[RUN_DIR_VARIABLE] ?? os.tmpdir(), prefix: "coffer-test-file-" });

// Values from the developer's shell must not change what the tests see.
for (const name of CLEARED_VARIABLES) delete process.env[name];
Object.assign(process.env, {
  ...data.env,
  NODE_ENV: "test",
  LOG_LEVEL: "silent",
  COOKIE_SECURE: "false",
  NEXT_TELEMETRY_DISABLED: "1",
});

// bcrypt at cost 12 and a real server make these tests slow, more so on a busy machine. (A testTimeout
// inside a jest project is ignored: jest-circus reads only the top-level one.)
jest.setTimeout(120_000);
