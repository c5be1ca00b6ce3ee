// Integration tests run the production server over the last build: refuse to start without one.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

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

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the folders test-env.ts made for processes that have ended (named coffer-test-<pid>-…). */
function sweepLeftovers(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = Number(/^coffer-test-(\d+)-/.exec(name)?.[1]);
    if (pid && !isRunning(pid)) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

export default function globalSetup(): void {
  sweepLeftovers();
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
}
