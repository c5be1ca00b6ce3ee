// `npm run restore -- DIR` (with Coffer stopped): puts a backup made by `npm run backup -- DIR` back. It checks
// the manifest against the folder first, then replaces the database (SQLite: the file; PostgreSQL: pg_restore of the
// dump in one transaction, as the schema's owner, MIGRATION_DATABASE_URL when set) and writes every blob into the configured
// store (STORAGE_DRIVER: the local disk or the S3 bucket, whichever the backup came from) through the storage
// port; the File rows then name that store, and the blobs and unfinished writes that were there before are
// removed once the new ones are in place. Restart Coffer with the master keys the backup's files were wrapped with.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { loadEnvConfig } from "@next/env";
import { restoreDatabase } from "./postgres-dump";
import { requireCofferDatabase } from "./require-coffer-database";
import { portTaken, startLockHolder } from "./start-lock.mjs";

loadEnvConfig(process.cwd());
// The restored database and blobs are the owner's alone, whatever the backup folder's files say.
process.umask(0o077);

type Manifest = { format: string; database: string; files: number; blobs: { key: string; size: number }[] };

/** Writes a backed-up blob into the store; each write holds whole sealed segments, so S3 parts do too. */
async function putBlob(space: import("@/lib/storage").BlobSpace, key: string, file: string, size: number) {
  const { HEADER_SIZE, SEALED_SEGMENT_SIZE } = await import("@/lib/crypto/segmented-stream");
  const writer = await space.createWriter(key, { maxBytes: size });
  const handle = await fs.promises.open(file, "r");
  try {
    const chunk = 16 * SEALED_SEGMENT_SIZE;
    for (let at = 0; at < size;) {
      const length = Math.min(size - at, at === 0 ? HEADER_SIZE + chunk : chunk);
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, at);
      if (bytesRead !== length) throw new Error(`blob ${key} changed while it was restored`);
      await writer.write([buffer]);
      at += length;
    }
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    await handle.close();
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
  const { blobStore } = await import("@/lib/storage");
  const { DATABASE_URL, PORT } = env();
  // A server `npm start` started from this folder holds the start lock (scripts/start-lock.mjs); any other answers on the port.
  const running = startLockHolder(process.cwd()) ?? ((await portTaken(PORT)) ? `Coffer is running (port ${PORT} is taken)` : null);
  if (running) throw new Error(`${running}: stop it before restoring. Nothing was restored.`);
  const postgres = !DATABASE_URL.startsWith("file:");
  const dumped = manifest.database.endsWith(".pgdump");
  if (postgres !== dumped) {
    throw new Error(
      `this backup holds a ${dumped ? "PostgreSQL" : "SQLite"} database and DATABASE_URL names a ${postgres ? "PostgreSQL" : "SQLite"} one: ` +
        "restore it onto the kind of database it came from. Nothing was restored.",
    );
  }
  // What is put back must be a Coffer database; the one it replaces may be missing or empty (a new machine). A
  // PostgreSQL dump is checked by pg_restore itself, and the restore is one transaction.
  if (!postgres) {
    await requireCofferDatabase(
      `file:${path.join(dir, manifest.database)}`,
      "restore from a folder that `npm run backup` made; nothing was changed",
    );
  }

  if (postgres) {
    restoreDatabase(process.env.MIGRATION_DATABASE_URL || DATABASE_URL, path.join(dir, manifest.database));
  } else {
    const database = path.resolve(DATABASE_URL.slice("file:".length));
    fs.mkdirSync(path.dirname(database), { recursive: true, mode: 0o700 });
    for (const suffix of ["-wal", "-shm"]) fs.rmSync(`${database}${suffix}`, { force: true });
    fs.rmSync(`${database}.restoring`, { force: true });
    fs.copyFileSync(path.join(dir, manifest.database), `${database}.restoring`);
    fs.chmodSync(`${database}.restoring`, 0o600);
    fs.renameSync(`${database}.restoring`, database);
  }

  const store = blobStore();
  const space = store.files;
  await store.check();
  for (const blob of manifest.blobs) await putBlob(space, blob.key, path.join(dir, "blobs", blob.key.slice(0, 2), blob.key), blob.size);
  if (postgres) {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query('UPDATE "File" SET "store" = $1', [store.name]);
    } finally {
      await client.end();
    }
  } else {
    const restoredDb = new Database(path.resolve(DATABASE_URL.slice("file:".length)));
    try {
      restoredDb.prepare('UPDATE "File" SET "store" = ?').run(store.name);
    } finally {
      restoredDb.close();
    }
  }
  // What the store held besides the backup's blobs belongs to the state the restore replaced.
  const wanted = new Set(manifest.blobs.map((blob) => blob.key));
  for await (const blob of space.list()) if (!wanted.has(blob.name)) await space.remove(blob.name);
  for await (const write of space.listIncompleteWrites(new Date())) await space.removeIncompleteWrite(write);
  console.log(
    `Restored ${manifest.files} file(s) and the database from ${dir} into ${store.location}. Start Coffer with the master keys of that time.`,
  );
}

// Exits explicitly: an S3 client's idle keep-alive connections would hold the process open for a while.
main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`Restore failed: ${error.message}`);
    process.exit(1);
  },
);
