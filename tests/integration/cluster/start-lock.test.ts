// The start lock (docs/decisions/072), with real `npm start` processes: a second start on the same folder is refused
// with the sentence and leaves the first alone (and `npm run restore` is refused too); after kill -9 a new start
// succeeds at once; a note left in the lock file (or the old pid file) naming a live process that is not Coffer does
// not block a start. Each `npm start` runs in a folder of its own that stands for an installed Coffer (its scripts
// and Prisma schemas copied, the rest linked to this checkout's, the build included): the folder is what the lock is
// about, and the test runs beside this one (`npm test`'s PostgreSQL+S3 run) use this checkout's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  assertCurrentBuild,
  freePort,
  startServerProcess,
  throwawayEnvironment,
  type ThrowawayServer,
} from "../../../scripts/throwaway-server.mjs";
import { LOCK_FILE, OLD_PID_FILE, startLockHolder } from "../../../scripts/start-lock.mjs";
import { testFileData } from "../../support/server";
import { forgetServer, recordServer } from "../../support/test-run";

jest.setTimeout(240_000);

const root = path.resolve(__dirname, "../../..");
const COPIED = ["scripts", "prisma", "prisma.config.ts", "package.json"];
const LINKED = [
  "node_modules",
  ".next",
  "app",
  "components",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "server.ts",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];

/** A folder that `npm start` serves from; lib/generated is its own (start generates it), the rest of lib linked. */
function installFolder(): string {
  const dir = fs.mkdtempSync(path.join(process.env.COFFER_TEST_RUN_DIR ?? os.tmpdir(), "coffer-start-lock-"));
  for (const name of COPIED) fs.cpSync(path.join(root, name), path.join(dir, name), { recursive: true, preserveTimestamps: true });
  for (const name of LINKED) if (fs.existsSync(path.join(root, name))) fs.symlinkSync(path.join(root, name), path.join(dir, name));
  fs.mkdirSync(path.join(dir, "lib"));
  for (const name of fs.readdirSync(path.join(root, "lib")))
    if (name !== "generated") fs.symlinkSync(path.join(root, "lib", name), path.join(dir, "lib", name));
  return dir;
}

let folder: string;
let port: number;
const started: ThrowawayServer[] = [];

function environment() {
  return throwawayEnvironment({ data: testFileData(), port });
}

/** `npm start` in the folder, as a process group of its own; resolves when Coffer listens. */
async function npmStart(): Promise<ThrowawayServer> {
  const server = startServerProcess({
    label: "npm start",
    command: "npm",
    args: ["start"],
    cwd: folder,
    env: environment(),
    port,
    ready: /Coffer is listening on http:\/\/localhost:\d+/,
    timeoutMs: 180_000,
  });
  started.push(server);
  recordServer(server.pid);
  void server.exited.then(() => forgetServer(server.pid));
  await server.ready;
  return server;
}

/** `npm start` in the folder, run to its end: its exit code and output. */
function npmStartToExit(): Promise<{ code: number | null; output: string }> {
  const child: ChildProcess = spawn("npm", ["start"], { cwd: folder, env: environment(), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

/** The pid of the Coffer server the lock's note names, checked to be this folder's server. */
function notedServerPid(): number {
  const note = JSON.parse(fs.readFileSync(path.join(folder, LOCK_FILE), "utf8")) as { pid: number; state: string };
  expect(note.state).toBe("serving");
  const commandLine = fs.readFileSync(`/proc/${note.pid}/cmdline`, "utf8").split("\0");
  expect(commandLine.some((arg) => arg.endsWith(path.join(".next", "coffer-server.js")))).toBe(true);
  expect(fs.realpathSync(`/proc/${note.pid}/cwd`)).toBe(fs.realpathSync(folder));
  return note.pid;
}

function parentPid(pid: number): number {
  // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its closing parenthesis.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

/**
 * Whether any thread of the process still runs. A killed process's first thread can be a zombie while its other
 * threads are still ending and holding its files (its listening socket, the lock).
 */
function alive(pid: number): boolean {
  let threads: string[];
  try {
    threads = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  return threads.some((thread) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${thread}/stat`, "utf8");
      return !["Z", "X"].includes(stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3));
    } catch {
      return false;
    }
  });
}

async function waitUntil(check: () => boolean, what: string) {
  for (const started = Date.now(); !check(); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() - started > 10_000) throw new Error(`timed out waiting until ${what}`);
  }
}

async function answers(server: ThrowawayServer) {
  const response = await fetch(`${server.url}/api/health/live`);
  return response.status;
}

beforeAll(async () => {
  assertCurrentBuild(root);
  folder = installFolder();
  port = await freePort();
});

afterEach(async () => {
  for (const server of started.splice(0)) await server.kill();
  // The group's leader (npm) is gone; the server it led may take a moment more.
  await waitUntil(() => startLockHolder(folder) === null, "the lock is free");
});

afterAll(() => {
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

it("refuses a second npm start on the folder while one runs, with the sentence and exit code 1, and leaves the first alone", async () => {
  const first = await npmStart();
  const serverPid = notedServerPid();
  const second = await npmStartToExit();
  expect(second.code).toBe(1);
  expect(second.output).toContain(
    `Coffer is already running from this folder (pid ${serverPid}). Stop it before starting another: one server per folder (two nodes need two folders).`,
  );
  // It stopped before installing, generating, migrating or building anything.
  expect(second.output).not.toMatch(/Generating|migrations|Building/);
  expect(first.exitInfo()).toBeNull();
  expect(await answers(first)).toBe(200);
  expect(notedServerPid()).toBe(serverPid);

  // `npm run restore` in the folder asks the lock too, whatever port it is told.
  const backup = fs.mkdtempSync(path.join(folder, "backup-"));
  fs.writeFileSync(path.join(backup, "manifest.json"), JSON.stringify({ format: "coffer-backup-1", database: "x", files: 0, blobs: [] }));
  const restore = spawnSync(path.join(folder, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/restore.ts", backup], {
    cwd: folder,
    encoding: "utf8",
    env: { ...environment(), PORT: String(await freePort()), LOG_LEVEL: "silent" },
  });
  expect(restore.status).toBe(1);
  expect(`${restore.stdout}${restore.stderr}`).toContain(
    `Coffer is already running from this folder (pid ${serverPid}): stop it before restoring. Nothing was restored.`,
  );
  expect(await answers(first)).toBe(200);
});

it("starts at once after kill -9; a server left behind by a killed npm start still keeps a second start out", async () => {
  const first = await npmStart();
  const serverPid = notedServerPid();
  // kill -9 of `npm start`'s node (scripts/start.mjs) alone: its server goes on, and holds the lock.
  const startPid = parentPid(serverPid);
  process.kill(startPid, "SIGKILL");
  await waitUntil(() => !alive(startPid), "npm start is gone");
  expect(alive(serverPid)).toBe(true);
  const refused = await npmStartToExit();
  expect(refused.code).toBe(1);
  expect(refused.output).toContain(`Coffer is already running from this folder (pid ${serverPid})`);
  expect(await answers(first)).toBe(200);

  // kill -9 of the server (the whole group, as a crash or a power cut would): the next start needs nothing cleared.
  await first.kill();
  await waitUntil(() => !alive(serverPid), "the server is gone");
  const next = await npmStart();
  expect(await answers(next)).toBe(200);
  expect(notedServerPid()).not.toBe(serverPid);
});

it("starts when the lock file, and the old pid file, name a live process that is not Coffer", async () => {
  const sleeper = spawn("sleep", ["300"], { stdio: "ignore" });
  try {
    await waitUntil(() => alive(sleeper.pid!), "sleep runs");
    fs.writeFileSync(path.join(folder, LOCK_FILE), `${JSON.stringify({ pid: sleeper.pid, state: "serving" })}\n`);
    fs.writeFileSync(path.join(folder, OLD_PID_FILE), String(sleeper.pid));
    const server = await npmStart();
    expect(await answers(server)).toBe(200);
    expect(notedServerPid()).not.toBe(sleeper.pid);
    expect(alive(sleeper.pid!)).toBe(true);
    expect(fs.existsSync(path.join(folder, OLD_PID_FILE))).toBe(false);
  } finally {
    sleeper.kill("SIGKILL");
  }
});
