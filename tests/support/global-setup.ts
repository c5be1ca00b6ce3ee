// Opens the run's temporary folder (see test-run.ts) after ending abandoned ones. (Whether the build matches
// the sources is checked when a test starts a server: tests that run in-process need no build.)
import { endAbandonedRuns, RUN_DIR_VARIABLE, startRun } from "./test-run";

export default function globalSetup(): void {
  endAbandonedRuns();
  // Workers start after this and inherit the variable.
  process.env[RUN_DIR_VARIABLE] = startRun();
}
