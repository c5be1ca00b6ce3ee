// `npm run move -- --database postgresql://… [--storage s3]`, in the folder of a stopped SQLite + local-disk Coffer:
// copies every row of every table into an empty PostgreSQL database (migrated first with the committed migrations)
// and, with --storage s3, every blob and preview into the bucket the S3_* settings name, as stored: the blobs stay
// encrypted and the master keys do not change, so the target starts with the same AUTH_SECRET and STORAGE_MASTER_KEY.
// It then verifies the copy (the rows of each table counted and digested on both sides, every blob's SHA-256 read back
// from the target) and prints a summary. It refuses a target that holds anything but its own interrupted run (the
// marker, scripts/move/target.ts), and holds the start lock while it runs, so the source cannot be started under it.
// The source is only read: its database file is copied with plain reads and the copy is what SQLite opens
// (docs/decisions/073).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { loadEnvConfig } from "@next/env";
import { requireCofferDatabase } from "./require-coffer-database";
import { portTaken, takeStartLock } from "./start-lock.mjs";
import { prepareDatabase, withMigrationLock } from "./prepare-db.mjs";
import { readModels } from "./move/models";
import { readTarget, removeMarker, writeMarker } from "./move/target";

loadEnvConfig(process.cwd());
// The snapshot of the source holds what the database does: the owner's alone.
process.umask(0o077);

const USAGE = "Usage: npm run move -- --database postgresql://USER:PASSWORD@HOST:PORT/DATABASE [--storage s3]   (with Coffer stopped)";
const NOTHING = "Nothing was written.";

function parseArguments(argv: string[]): { database: string; storage: "s3" | null } {
  let database: string | null = null;
  let storage: "s3" | null = null;
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s);
    const value = inline ?? argv[++i];
    if (name === "--database" && value) database = value;
    else if (name === "--storage" && value === "s3") storage = "s3";
    else if (name === "--storage") throw new Error(`--storage takes "s3" (the bucket the S3_* settings name). ${USAGE}`);
    else throw new Error(USAGE);
  }
  if (!database) throw new Error(USAGE);
  return { database, storage };
}

/**
 * Copies the source's database file (and its write-ahead log, if a crash left one) into a folder of the move's own
 * with plain reads, and answers the copy's URL and the SHA-256 of the source: what names the source in the marker.
 */
function snapshotSource(file: string): { dir: string; url: string; digest: string } {
  const dir = path.join(os.tmpdir(), `coffer-move-${createHash("sha256").update(file).digest("hex").slice(0, 16)}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { mode: 0o700 });
  const hash = createHash("sha256");
  for (const suffix of ["", "-wal"]) {
    if (!fs.existsSync(`${file}${suffix}`)) continue;
    fs.copyFileSync(`${file}${suffix}`, path.join(dir, `coffer.db${suffix}`));
    hash.update(`${suffix}:`).update(fs.readFileSync(path.join(dir, `coffer.db${suffix}`)));
  }
  return { dir, url: `file:${path.join(dir, "coffer.db")}`, digest: hash.digest("hex") };
}

async function main() {
  const args = parseArguments(process.argv.slice(2));
  const root = process.cwd();
  const lock = takeStartLock(root);
  if (lock.refused !== undefined) throw new Error(`${lock.refused}: stop it before moving. ${NOTHING}`);
  lock.note("moving");

  const { DEFAULT_DATABASE_URL, databaseUrlProblem, describeDatabaseUrl, providerOf } = await import("@/lib/env/database-url.mjs");
  const sourceUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (providerOf(sourceUrl) !== "sqlite") {
    throw new Error(`DATABASE_URL names ${describeDatabaseUrl(sourceUrl)}: run the move in the folder of a SQLite instance. ${NOTHING}`);
  }
  if (providerOf(args.database) !== "postgresql" || databaseUrlProblem(args.database)) {
    throw new Error(`--database ${databaseUrlProblem(args.database) ?? "must be a PostgreSQL URL"}. ${NOTHING}`);
  }
  await requireCofferDatabase(sourceUrl);
  const { env } = await import("@/lib/env");
  const settings = env();
  if (await portTaken(settings.PORT))
    throw new Error(`Coffer is running (port ${settings.PORT} is taken): stop it before moving. ${NOTHING}`);
  if (args.storage && !settings.s3) {
    throw new Error(`--storage s3 needs the bucket: set S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID and the rest (docs/deploy.md). ${NOTHING}`);
  }

  const { createPrismaClient } = await import("@/lib/db");
  const { createBlobStore } = await import("@/lib/storage");
  const { copyRows, verifyRows } = await import("./move/copy-rows");
  const { checkBlobTarget, copyBlobs, verifyBlobs } = await import("./move/copy-blobs");
  const models = readModels(root);
  const snapshot = snapshotSource(path.resolve(sourceUrl.slice("file:".length).split("?")[0]));
  const source = createPrismaClient(snapshot.url);
  const target = createPrismaClient(args.database);
  try {
    const from = createBlobStore("local", settings);
    const to = args.storage ? createBlobStore("s3", settings) : null;
    const storage = to ? to.location : "database only";
    const where = describeDatabaseUrl(args.database);

    // Everything is read before anything is written: a refusal leaves the target as it was.
    const state = await readTarget(
      args.database,
      models.map((model) => model.table),
    );
    if (state.refusal)
      throw new Error(`The target database ${where} is not empty: ${state.refusal}. Move into a new, empty database. ${NOTHING}`);
    const resuming = state.marker !== null;
    if (state.marker && state.marker.source !== snapshot.digest) {
      throw new Error(
        `The target database ${where} holds part of a move from another source, or from this one before it changed: ` +
          `drop it, create it empty and move again. ${NOTHING}`,
      );
    }
    if (state.marker && state.marker.storage !== storage) {
      throw new Error(
        `The target database ${where} holds part of a move whose blobs went to ${state.marker.storage}: run it with the same --storage. ${NOTHING}`,
      );
    }
    if (to) await checkBlobTarget({ source, from, to, resuming });

    console.log(resuming ? `Continuing the move into ${where} that an earlier run began.` : `Moving into ${where}.`);
    // Migrations first (`prisma migrate deploy` refuses a schema holding a table it did not make): a run stopped
    // during them leaves Coffer's tables without rows, which is still an empty target.
    await withMigrationLock(args.database, root, () => prepareDatabase(args.database, root));
    await writeMarker(args.database, { source: snapshot.digest, storage });
    const mapping = { movedTo: to ? ("s3" as const) : null };
    await copyRows({ source, target, models, ...mapping });
    if (to) await copyBlobs({ source, from, to, resuming });

    console.log("Verifying the copy.");
    const rows = await verifyRows({ source, target, models, ...mapping });
    const blobs = to ? await verifyBlobs({ source, from, to }) : null;
    await removeMarker(args.database);

    console.log(`\nMoved ${rows.rows} row(s) of ${rows.tables} table(s) into ${where}; every table has the same rows on both sides.`);
    if (to && blobs) {
      console.log(
        `Moved ${blobs.files} blob(s) and ${blobs.previews} preview(s) (${blobs.bytes} bytes) into ${to.location}; each read back with its SHA-256.`,
      );
    } else console.log(`The blobs stay in ${from.location}: the instance on the target must use that STORAGE_DIR.`);
    console.log(
      "Start Coffer on the target with the same AUTH_SECRET and STORAGE_MASTER_KEY as this instance, " +
        `DATABASE_URL set to the target${to ? ", STORAGE_DRIVER=s3 and the same S3_* settings" : ""}. This instance was left as it was.`,
    );
  } finally {
    await Promise.all([source.$disconnect(), target.$disconnect()]).catch(() => undefined);
    fs.rmSync(snapshot.dir, { recursive: true, force: true });
  }
}

// Exits explicitly: an S3 client's idle keep-alive connections would hold the process open for a while.
main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`Move failed: ${error.message}`);
    process.exit(1);
  },
);
