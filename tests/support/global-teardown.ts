// Ends what the run left: servers a test did not stop, and every test file's database and storage.
import { endRun, RUN_DIR_VARIABLE } from "./test-run";

export default function globalTeardown(): void {
  const runDir = process.env[RUN_DIR_VARIABLE];
  if (runDir) endRun(runDir);
}
