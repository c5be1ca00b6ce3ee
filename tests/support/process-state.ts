// What a server process holds open, read from /proc: its file descriptors, which of them are blobs, and which are
// its connections to the test file's PostgreSQL database.
import fs from "node:fs";
import path from "node:path";

function descriptorTargets(pid: number): string[] {
  const dir = `/proc/${pid}/fd`;
  return fs.readdirSync(dir).flatMap((fd) => {
    try {
      return [fs.readlinkSync(path.join(dir, fd))];
    } catch {
      return []; // closed while we looked
    }
  });
}

/**
 * Open descriptors but the process's TCP connections to the test file's PostgreSQL database: its pool opens up to
 * its size under load and closes idle ones only after half a minute, by design (lib/db/postgresql.ts). On SQLite
 * every open descriptor.
 */
export function descriptorsBesidesDatabase(pid: number): number {
  const url = process.env.DATABASE_URL ?? "";
  const targets = descriptorTargets(pid);
  if (!/^postgres(ql)?:\/\//.test(url)) return targets.length;
  const port = `:${Number(new URL(url).port || 5432)
    .toString(16)
    .toUpperCase()
    .padStart(4, "0")}`;
  // /proc/PID/net/tcp*: one line per connection of the process's network namespace, the remote address in the
  // third column (hex address:port) and the socket's inode in the tenth.
  const database = new Set<string>();
  for (const table of ["tcp", "tcp6"]) {
    const lines = fs.existsSync(`/proc/${pid}/net/${table}`)
      ? fs.readFileSync(`/proc/${pid}/net/${table}`, "utf8").split("\n").slice(1)
      : [];
    for (const columns of lines.map((line) => line.trim().split(/\s+/))) {
      if (columns.length > 9 && columns[2].endsWith(port)) database.add(columns[9]);
    }
  }
  return targets.filter((target) => !database.has(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? "")).length;
}

/** Descriptors open on anything under the storage folder (blobs being read, temporary files being written). */
export function storageDescriptors(pid: number, storageDir: string): string[] {
  const root = fs.realpathSync(storageDir);
  return descriptorTargets(pid).filter((target) => target.startsWith(root));
}

/** The process's resident memory, in MiB (VmRSS). */
export function residentMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`process ${pid} has no VmRSS`);
  return Number(match[1]) / 1024;
}
