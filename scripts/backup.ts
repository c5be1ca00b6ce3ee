// `npm run backup -- DIR`: a consistent snapshot of a running Coffer. The database goes through SQLite's
// online backup API, or on PostgreSQL through pg_dump of a snapshot exported by a repeatable-read transaction
// that also reads the File rows (so the dump and the blob list are the same moment); every blob a row of that copy names is copied into DIR/blobs from the store the row names,
// through the storage port: hard-linked from the local disk (copied where the filesystem cannot link; blobs are
// never changed in place, so a link is as good as a copy), downloaded from an S3 bucket. A blob deleted between
// the two steps means the copy is already stale: it is taken again. DIR/manifest.json lists it all. The master
// keys are not in the backup: keep them apart (see README).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { loadEnvConfig } from "@next/env";
import { dumpDatabase } from "./postgres-dump";
import { requireCofferDatabase } from "./require-coffer-database";

loadEnvConfig(process.cwd());
// A backup holds what the database does (password hashes, emails, the audit trail): its files are the owner's alone.
process.umask(0o077);

const ATTEMPTS = 5;

type Row = { key: string; store: string };
type Snapshot = { database: string; rows: Row[]; files: number };

/** SQLite: the online backup API into DIR/coffer.db, then its rows. */
async function copySqlite(url: string, dir: string): Promise<Snapshot> {
  const live = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    await live.backup(path.join(dir, "coffer.db"));
  } finally {
    live.close();
  }
  fs.chmodSync(path.join(dir, "coffer.db"), 0o600);
  const copy = new Database(path.join(dir, "coffer.db"), { readonly: true });
  try {
    const rows = copy.prepare('SELECT "storageKey" AS key, "store" FROM "File"').all() as Row[];
    return { database: "coffer.db", rows, files: rows.length };
  } finally {
    copy.close();
  }
}

/** PostgreSQL: pg_dump of the snapshot a read-only repeatable-read transaction exports, and that snapshot's rows. */
async function copyPostgres(url: string, dir: string): Promise<Snapshot> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const { rows: exported } = await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
    // The transaction stays open while pg_dump reads: the snapshot lives as long as it does.
    dumpDatabase(url, exported[0].id, path.join(dir, "coffer.pgdump"));
    const { rows } = await client.query<Row>('SELECT "storageKey" AS key, "store" FROM "File"');
    await client.query("COMMIT");
    return { database: "coffer.pgdump", rows, files: rows.length };
  } finally {
    await client.end();
  }
}

async function main() {
  const target = process.argv[2];
  if (!target) throw new Error("Usage: npm run backup -- DIR");
  const dir = path.resolve(target);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: back up into a new folder.`);
  await requireCofferDatabase();
  const { env } = await import("@/lib/env");
  const { storeOf } = await import("@/lib/storage");
  const { DATABASE_URL } = env();
  const postgres = !DATABASE_URL.startsWith("file:");

  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, "blobs"), { recursive: true, mode: 0o700 });
    const { database, rows, files } = postgres ? await copyPostgres(DATABASE_URL, dir) : await copySqlite(DATABASE_URL, dir);

    const blobs: { key: string; size: number }[] = [];
    let missing: string | null = null;
    for (const row of rows) {
      const to = path.join(dir, "blobs", row.key.slice(0, 2), row.key);
      fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
      const size = await storeOf(row).files.saveCopy(row.key, to);
      if (size === null) {
        missing = row.key;
        break;
      }
      blobs.push({ key: row.key, size });
    }
    if (missing) {
      console.warn(`A file was deleted while the backup ran (blob ${missing}); taking the snapshot again (${attempt}/${ATTEMPTS}).`);
      continue;
    }
    const manifest = { format: "coffer-backup-1", createdAt: new Date().toISOString(), database, files, blobs };
    fs.writeFileSync(path.join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    const bytes = blobs.reduce((sum, blob) => sum + blob.size, 0);
    console.log(`Backed up ${files} file(s) (${blobs.length} blob(s), ${bytes} bytes) and the database into ${dir}.`);
    console.log("The master keys are not in it: keep STORAGE_MASTER_KEY apart from the backup; without it nothing can be read.");
    return;
  }
  throw new Error(`files kept being deleted during ${ATTEMPTS} attempts; try again when the server is quieter.`);
}

// Exits explicitly: an S3 client's idle keep-alive connections would hold the process open for a while.
main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`Backup failed: ${error.message}`);
    process.exit(1);
  },
);
