// `npm run restore -- DIR` (with Coffer stopped): puts a backup made by `npm run backup -- DIR` back. It checks
// the manifest against the folder first, then replaces the database and the blobs; the blobs that were there
// are moved aside until the new ones are in place, and removed after. Restart Coffer with the master keys the
// backup's files were wrapped with.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { loadEnvConfig } from "@next/env";

loadEnvConfig(process.cwd());
// The restored database and blobs are the owner's alone, whatever the backup folder's files say.
process.umask(0o077);

type Manifest = { format: string; database: string; files: number; blobs: { key: string; size: number }[] };

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => (socket.destroy(), resolve(false)));
  });
}

function serverPid(): number | null {
  const file = path.resolve(".coffer-server.pid");
  if (!fs.existsSync(file)) return null;
  const pid = Number(fs.readFileSync(file, "utf8").trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

function linkOrCopy(from: string, to: string) {
  try {
    fs.linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EXDEV" && code !== "EPERM" && code !== "EMLINK") throw error;
    fs.copyFileSync(from, to);
  }
}

async function main() {
  const source = process.argv[2];
  if (!source) throw new Error("Usage: npm run restore -- DIR   (with Coffer stopped)");
  const dir = path.resolve(source);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as Manifest;
  if (manifest.format !== "coffer-backup-1") throw new Error(`${dir} is not a Coffer backup (format ${manifest.format}).`);
  for (const blob of manifest.blobs) {
    const stat = fs.statSync(path.join(dir, "blobs", blob.key.slice(0, 2), blob.key), { throwIfNoEntry: false });
    if (!stat || stat.size !== blob.size)
      throw new Error(`the backup is incomplete: blob ${blob.key} is missing or changed. Nothing was restored.`);
  }

  const { env } = await import("@/lib/env");
  const { DATABASE_URL, STORAGE_DIR, PORT } = env();
  const pid = serverPid();
  if (pid || (await portTaken(PORT))) {
    throw new Error(`Coffer is running (${pid ? `pid ${pid}` : `port ${PORT} is taken`}): stop it before restoring. Nothing was restored.`);
  }
  if (!DATABASE_URL.startsWith("file:")) throw new Error("only SQLite databases (DATABASE_URL=file:…) can be restored by this script");

  const database = path.resolve(DATABASE_URL.slice("file:".length));
  fs.mkdirSync(path.dirname(database), { recursive: true, mode: 0o700 });
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${database}${suffix}`, { force: true });
  fs.rmSync(`${database}.restoring`, { force: true });
  fs.copyFileSync(path.join(dir, manifest.database), `${database}.restoring`);
  fs.chmodSync(`${database}.restoring`, 0o600);
  fs.renameSync(`${database}.restoring`, database);

  const storage = path.resolve(STORAGE_DIR);
  const blobs = path.join(storage, "blobs");
  const aside = path.join(storage, `blobs.before-restore-${Date.now()}`);
  if (fs.existsSync(blobs)) fs.renameSync(blobs, aside);
  for (const blob of manifest.blobs) {
    const to = path.join(blobs, blob.key.slice(0, 2), blob.key);
    fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
    linkOrCopy(path.join(dir, "blobs", blob.key.slice(0, 2), blob.key), to);
  }
  fs.rmSync(path.join(storage, "tmp"), { recursive: true, force: true });
  fs.rmSync(aside, { recursive: true, force: true });
  console.log(`Restored ${manifest.files} file(s) and the database from ${dir}. Start Coffer with the master keys of that time.`);
}

main().catch((error: Error) => {
  console.error(`Restore failed: ${error.message}`);
  process.exit(1);
});
