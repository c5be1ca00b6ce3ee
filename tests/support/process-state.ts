// What a server process holds open, read from /proc: its file descriptors, and which of them are blobs.
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

export function openDescriptors(pid: number): number {
  return descriptorTargets(pid).length;
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
