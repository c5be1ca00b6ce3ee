// Runs the production server (server.ts over the last `next build`) against this test file's
// database, storage folder and secrets, on a free port.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { forgetServer, recordServer } from "./test-run";

export type TestServer = { url: string; stop(): Promise<void>; logs(): string };

const root = path.resolve(__dirname, "../..");
const READY = /Coffer is listening on http:\/\/localhost:(\d+)/;
const START_TIMEOUT_MS = 30_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function terminate(child: ChildProcess): Promise<void> {
  const pid = child.pid!;
  // tsx runs server.ts in a child Node: signal the whole process group it leads.
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 5_000);
  await exited(child);
  clearTimeout(timer);
  forgetServer(pid);
}

export async function startServer(opts: { env?: Record<string, string> } = {}): Promise<TestServer> {
  const port = await freePort();
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["server.ts"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      // The readiness line is an info log.
      LOG_LEVEL: "info",
      NEXT_TELEMETRY_DISABLED: "1",
      ...opts.env,
    },
  });

  // Recorded so that global-teardown.ts can end it if the test never does.
  if (child.pid) recordServer(child.pid);
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));

  let stopping: Promise<void> | undefined;
  const server: TestServer = {
    url: `http://localhost:${port}`,
    logs: () => output,
    stop: () => (stopping ??= terminate(child)),
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      const onData = () => {
        if (READY.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited during start-up (${signal ?? `code ${code}`})`));
      });
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}. Its output:\n${output}`);
  }
  return server;
}
