// `npm run backup -- DIR`: a consistent snapshot of a running Coffer. The database goes through SQLite's
// online backup API; every blob a row of that copy names is copied into DIR/blobs from the store the row names,
// through the storage port: hard-linked from the local disk (copied where the filesystem cannot link; blobs are
// never changed in place, so a link is as good as a copy), downloaded from an S3 bucket. A blob deleted between
// the two steps means the copy is already stale: it is taken again. DIR/manifest.json lists it all. The master
// keys are not in the backup: keep them apart (see README).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { loadEnvConfig } from "@next/env";
import { requireCofferDatabase } from "./require-coffer-database";

loadEnvConfig(process.cwd());
// A backup holds what the database does (password hashes, emails, the audit trail): its files are the owner's alone.
process.umask(0o077);

const ATTEMPTS = 5;

async function main() {
  const target = process.argv[2];
  if (!target) throw new Error("Usage: npm run backup -- DIR");
  const dir = path.resolve(target);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: back up into a new folder.`);
  await requireCofferDatabase();
  const { env } = await import("@/lib/env");
  const { storeOf } = await import("@/lib/storage");
  const { DATABASE_URL } = env();
  if (!DATABASE_URL.startsWith("file:")) throw new Error("only SQLite databases (DATABASE_URL=file:…) can be backed up by this script");

  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, "blobs"), { recursive: true, mode: 0o700 });
    const live = new Database(DATABASE_URL.slice("file:".length), { readonly: true, fileMustExist: true });
    try {
      await live.backup(path.join(dir, "coffer.db"));
    } finally {
      live.close();
    }
    fs.chmodSync(path.join(dir, "coffer.db"), 0o600);
    const copy = new Database(path.join(dir, "coffer.db"), { readonly: true });
    const rows = copy.prepare('SELECT "storageKey" AS key, "store" FROM "File"').all() as { key: string; store: string }[];
    const files = (copy.prepare('SELECT COUNT(*) AS n FROM "File"').get() as { n: number }).n;
    copy.close();

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
    const manifest = { format: "coffer-backup-1", createdAt: new Date().toISOString(), database: "coffer.db", files, blobs };
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
