// A throwaway database, migrated with the real `prisma migrate deploy`, for one test file, one browser-test or
// bench server: a SQLite file in the caller's folder, or (COFFER_TEST_DATABASE=postgresql) a database of its own
// in the PostgreSQL cluster `pg_virtualenv -t` provides (scripts/db/postgres-cluster.mjs). The folder keeps a
// note of a PostgreSQL database, so that whoever removes the folder (the test run's teardown) drops it too.
import fs from "node:fs";
import path from "node:path";
import { prepareDatabase } from "../prepare-db.mjs";
import { databaseUrlIn, postgresAdminUrl, runSync, throwawayDatabaseName } from "./postgres-cluster.mjs";

/** The variable that picks the test configuration's database: "sqlite" (the default) or "postgresql". */
export const TEST_DATABASE_VARIABLE = "COFFER_TEST_DATABASE";
const NOTE = "postgresql-database.json";

export function testDatabaseProvider(source = process.env) {
  const provider = source[TEST_DATABASE_VARIABLE] || "sqlite";
  if (provider !== "sqlite" && provider !== "postgresql") {
    throw new Error(`${TEST_DATABASE_VARIABLE} must be sqlite or postgresql, not "${provider}"`);
  }
  return provider;
}

/** Creates and migrates the database; answers its URL. */
export function createThrowawayDatabase({ root, dir, prefix, provider = testDatabaseProvider() }) {
  if (provider === "sqlite") {
    const url = `file:${path.join(dir, "coffer.db")}`;
    prepareDatabase(url, root);
    return url;
  }
  const adminUrl = postgresAdminUrl();
  if (!adminUrl) {
    throw new Error(
      `${TEST_DATABASE_VARIABLE}=postgresql needs a PostgreSQL cluster: run the tests under \`pg_virtualenv -t\` (Debian's postgresql), or set PGHOST… or COFFER_POSTGRES_ADMIN_URL`,
    );
  }
  const name = throwawayDatabaseName(prefix);
  runSync("create", adminUrl, name);
  fs.writeFileSync(path.join(dir, NOTE), JSON.stringify({ adminUrl, name }));
  const url = databaseUrlIn(adminUrl, name);
  prepareDatabase(url, root);
  return url;
}

/** Drops the PostgreSQL databases noted in `dir` and in the folders directly under it. */
export function dropThrowawayDatabases(dir) {
  const notes = [path.join(dir, NOTE)];
  if (fs.existsSync(dir)) for (const entry of fs.readdirSync(dir)) notes.push(path.join(dir, entry, NOTE));
  for (const note of notes) {
    let noted;
    try {
      noted = JSON.parse(fs.readFileSync(note, "utf8"));
    } catch {
      // none here, or another run's clean-up of an abandoned folder removed it meanwhile, or it was cut off while
      // written (its run was killed before the database existed)
      continue;
    }
    const { adminUrl, name } = noted;
    try {
      runSync("drop", adminUrl, name);
    } catch {
      // the cluster is gone already (pg_virtualenv removes it with everything in it)
    }
    fs.rmSync(note, { force: true });
  }
}

// `node scripts/db/throwaway-database.mjs drop DIR`: for callers that cannot import this module (jest's global
// teardown loads CommonJS only).
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename && process.argv[2] === "drop") {
  dropThrowawayDatabases(process.argv[3]);
}
