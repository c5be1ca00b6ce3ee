// Integration tests run the production server over the last build: refuse to start without one.
// Also opens the run's temporary folder (see test-run.ts) after ending abandoned ones.
import fs from "node:fs";
import path from "node:path";
import { endAbandonedRuns, RUN_DIR_VARIABLE, startRun } from "./test-run";

const root = path.resolve(__dirname, "../..");

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated") newest = Math.max(newest, newestChange(full));
    } else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

export default function globalSetup(): void {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) {
    throw new Error(
      "The integration tests need a production build and .next/BUILD_ID is missing: run `npx next build` first (`npm test` builds before running jest).",
    );
  }
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib"].filter((d) => fs.existsSync(path.join(root, d)));
  if (sources.some((d) => newestChange(path.join(root, d)) > built)) {
    console.warn("\n⚠ The sources changed after the last build: the server under test runs the old code. Run `npx next build`.\n");
  }
  endAbandonedRuns();
  // Workers start after this and inherit the variable.
  process.env[RUN_DIR_VARIABLE] = startRun();
}
