// Opens the run's temporary folder (see test-run.ts) after ending abandoned ones, and starts what the run's
// configuration needs: with COFFER_TEST_STORAGE=s3, one S3 test server (s3rver with S3's rules) for the whole run,
// in which each test file gets a prefix of its own (test-env.ts). (Whether the build matches the sources is
// checked when a test starts a server: tests that run in-process need no build.)
import path from "node:path";
import { startS3TestServer } from "../../scripts/throwaway-server.mjs";
import { endAbandonedRuns, RUN_DIR_VARIABLE, recordServer, startRun } from "./test-run";
import { S3_ENDPOINT_VARIABLE, testStorage } from "./test-configuration";

export default async function globalSetup(): Promise<void> {
  endAbandonedRuns();
  // Workers start after this and inherit the variables.
  const runDir = startRun();
  process.env[RUN_DIR_VARIABLE] = runDir;
  if (testStorage() === "s3") {
    const directory = path.join(runDir, "s3");
    const server = await startS3TestServer({ root: path.resolve(__dirname, "../.."), directory });
    recordServer(server.pid);
    await server.ready;
    process.env[S3_ENDPOINT_VARIABLE] = server.endpoint;
    process.env.COFFER_TEST_S3_PID = String(server.pid);
    process.env.COFFER_TEST_S3_DIR = directory;
  }
}
