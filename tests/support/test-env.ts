// Gives each integration test file its own database (migrated with the real `prisma migrate deploy`),
// its own storage folder (or, with COFFER_TEST_STORAGE=s3, its own prefix in the run's S3 test server, with
// the spaces and plus signs other apps mangle) and its own secrets. Jest loads it (setupFiles) before the test file imports any
// app module: lib/env reads process.env once, lib/db.ts at import time. The folder lives in the run's
// folder, which global-teardown.ts removes (see test-run.ts).
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { CLEARED_VARIABLES, createThrowawayData, s3StorageSettings } from "../../scripts/throwaway-server.mjs";
import { RUN_DIR_VARIABLE } from "./test-run";
import { S3_ENDPOINT_VARIABLE, testStorage } from "./test-configuration";

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
if (testStorage() === "s3") {
  const endpoint = process.env[S3_ENDPOINT_VARIABLE];
  if (!endpoint) throw new Error("COFFER_TEST_STORAGE=s3, but the run's S3 test server did not start (tests/support/global-setup.ts)");
  Object.assign(
    process.env,
    s3StorageSettings({ endpoint, prefix: `test files/${path.basename(data.dir)} ${randomBytes(3).toString("hex")}+s3/` }),
  );
}

// bcrypt at cost 12 and a real server make these tests slow, more so on a busy machine. (A testTimeout
// inside a jest project is ignored: jest-circus reads only the top-level one.)
jest.setTimeout(120_000);
