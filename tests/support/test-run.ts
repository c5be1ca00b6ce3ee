// One folder per jest run holds every test file's database and storage, and the pid of every server
// the tests started, so that global-teardown.ts can end them all even when a test forgot to.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";

export const RUN_DIR_VARIABLE = "COFFER_TEST_RUN_DIR";
const RUN_PREFIX = "coffer-test-run-";

/** Creates the run's folder, named after the jest process so a later run can tell it was abandoned. */
export function startRun(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${RUN_PREFIX}${process.pid}-`));
}

export function recordServer(pid: number): void {
  const runDir = process.env[RUN_DIR_VARIABLE];
  if (!runDir) return;
  fs.mkdirSync(path.join(runDir, "servers"), { recursive: true });
  fs.writeFileSync(path.join(runDir, "servers", String(pid)), "");
}

export function forgetServer(pid: number): void {
  const runDir = process.env[RUN_DIR_VARIABLE];
  if (runDir) fs.rmSync(path.join(runDir, "servers", String(pid)), { force: true });
}

/** Whether a process is alive (EPERM: it is, but belongs to someone else). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Kills the servers still recorded in the run's folder (each leads its process group), drops the test files'
 * PostgreSQL databases, then removes the folder.
 */
export function endRun(runDir: string): void {
  const servers = path.join(runDir, "servers");
  for (const name of fs.existsSync(servers) ? fs.readdirSync(servers) : []) {
    try {
      process.kill(-Number(name), "SIGKILL");
    } catch {
      // already gone
    }
  }
  // In a child: jest's global teardown cannot import the (ES) module that knows how.
  execFileSync(process.execPath, [path.resolve(__dirname, "../../scripts/db/throwaway-database.mjs"), "drop", runDir], {
    stdio: "inherit",
  });
  fs.rmSync(runDir, { recursive: true, force: true });
}

/** Ends the runs whose jest process is gone (interrupted with Ctrl-C, killed). */
export function endAbandonedRuns(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const pid = Number(name.slice(RUN_PREFIX.length).split("-")[0]);
    if (pid && !isRunning(pid)) endRun(path.join(os.tmpdir(), name));
  }
}
