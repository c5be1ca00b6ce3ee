// Starts a server in its own process group, waits until it takes connections, and stops the whole
// group (tsx runs the real server as a child process) when the bench is done or fails.
import { spawn } from "node:child_process";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

const OUTPUT_LINES = 40;

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Spawns the server and answers its handle at once (so the caller can always stop it); `ready`
 * resolves when the output shows `readyText` or the port accepts a connection, whichever comes first
 * (under LOG_LEVEL=warn Coffer's "listening" line is an info line and never printed).
 */
export function startServer({ label, command, args, cwd, env, port, readyText, timeoutMs = 180_000 }) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const lines = [];
  let exitInfo = null;
  const exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve((exitInfo = { code, signal })));
    child.once("error", (error) => resolve((exitInfo = { code: null, signal: null, error })));
  });
  let sawReadyText = false;
  let pending = "";
  // Read the pipes for the server's whole life: a full pipe would block its writes.
  const keep = (chunk) => {
    pending += chunk.toString("utf8");
    if (pending.includes(readyText)) sawReadyText = true;
    const complete = pending.split("\n");
    pending = complete.pop().slice(-4096);
    lines.push(...complete.filter((line) => line.trim()));
    lines.splice(0, Math.max(0, lines.length - OUTPUT_LINES));
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);

  const server = {
    label,
    pid: child.pid,
    port,
    output: () => [...lines, pending].filter(Boolean).join("\n"),
    exitInfo: () => exitInfo,
    /** Sends SIGTERM to the group, then SIGKILL to whatever is left after 10 s. */
    async stop() {
      if (!child.pid) return;
      signalGroup(child.pid, "SIGTERM");
      for (let waited = 0; groupAlive(child.pid) && waited < 10_000; waited += 100) await sleep(100);
      if (groupAlive(child.pid)) signalGroup(child.pid, "SIGKILL");
      await Promise.race([exited, sleep(2_000)]);
    },
    /** Last resort from a synchronous exit handler. */
    kill() {
      if (child.pid) signalGroup(child.pid, "SIGKILL");
    },
  };

  const accepts = () =>
    new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => (socket.destroy(), resolve(false)));
    });
  server.ready = (async () => {
    const started = Date.now();
    for (;;) {
      if (exitInfo) {
        const how = exitInfo.error?.message ?? (exitInfo.signal ? `signal ${exitInfo.signal}` : `code ${exitInfo.code}`);
        throw new Error(`${label} exited before it was ready (${how}):\n${server.output()}`);
      }
      if (sawReadyText || (await accepts())) return;
      if (Date.now() - started > timeoutMs) throw new Error(`${label} was not ready after ${timeoutMs / 1000} s:\n${server.output()}`);
      await sleep(250);
    }
  })();
  server.ready.catch(() => {}); // the caller awaits it; this only keeps an early failure from being "unhandled"
  return server;
}
