// What the bench reads about a server process from /proc: which descendant of the launcher really
// listens on the port (tsx runs the server in a child node), its resident memory and its CPU time.
// Peaks are sampled on a worker thread, so the bench's own busy event loop cannot delay the samples.
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
export const SAMPLE_INTERVAL_MS = 50;

export function rssMiB(pid) {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`process ${pid} has no VmRSS (has it exited?)`);
  return Number(match[1]) / 1024;
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after "(comm)": state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The process and all its descendants, by pid. */
export function descendants(rootPid) {
  const children = new Map();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(Number(name));
  }
  const found = [];
  for (let queue = [rootPid]; queue.length;) {
    const pid = queue.shift();
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

function listeningSocketInodes(port) {
  const inodes = new Set();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let lines;
    try {
      lines = fs.readFileSync(table, "utf8").trim().split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state === "0A" && parseInt(local.split(":").pop(), 16) === port) inodes.add(inode);
    }
  }
  return inodes;
}

/** The pid, among `rootPid` and its descendants, that holds the socket listening on `port`. */
export function findListeningPid(rootPid, port) {
  const sockets = new Set([...listeningSocketInodes(port)].map((inode) => `socket:[${inode}]`));
  for (const pid of descendants(rootPid)) {
    let fds;
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (sockets.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))) return pid;
      } catch {
        // fd closed while we looked
      }
    }
  }
  throw new Error(`no process under pid ${rootPid} listens on port ${port}`);
}

/** Samples one process's VmRSS every 50 ms; `window()` returns the peak since the previous call. */
export class RssSampler {
  constructor(pid) {
    this.pid = pid;
    this.worker = new Worker(new URL(import.meta.url), { workerData: { pid } });
    this.worker.unref();
  }

  #ask(type) {
    return new Promise((resolve, reject) => {
      const onError = (error) => reject(error);
      this.worker.once("error", onError);
      this.worker.once("message", (reply) => {
        this.worker.off("error", onError);
        resolve(reply);
      });
      this.worker.postMessage(type);
    });
  }

  /** Starts a new window; the peak so far is forgotten. */
  async reset() {
    await this.#ask("reset");
  }

  /** The highest VmRSS (MiB) seen since the last reset, including one reading taken now. */
  async peak() {
    const { peak } = await this.#ask("peak");
    return Math.max(peak, rssMiB(this.pid));
  }

  stop() {
    return this.worker.terminate();
  }
}

if (!isMainThread && workerData?.pid) {
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, rssMiB(workerData.pid));
    } catch {
      // the process is gone; the bench notices on its own
    }
  };
  setInterval(sample, SAMPLE_INTERVAL_MS);
  parentPort.on("message", (type) => {
    sample();
    parentPort.postMessage({ peak });
    if (type === "reset") peak = 0;
  });
}
