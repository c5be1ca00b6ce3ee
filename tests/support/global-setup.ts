// Integration tests run the production server over the last build: refuse to start without a build that
// matches the sources. Also opens the run's temporary folder (see test-run.ts) after ending abandoned ones.
import path from "node:path";
import { assertCurrentBuild } from "../../scripts/throwaway-server.mjs";
import { endAbandonedRuns, RUN_DIR_VARIABLE, startRun } from "./test-run";

const root = path.resolve(__dirname, "../..");

export default function globalSetup(): void {
  assertCurrentBuild(root);
  endAbandonedRuns();
  // Workers start after this and inherit the variable.
  process.env[RUN_DIR_VARIABLE] = startRun();
}
