// `npm run db:migrate`: applies the committed migrations as `npm start` does before it serves, for servers started
// without it (docs/deploy.md, section 5). The same steps, so the same guarantees: on PostgreSQL under Coffer's
// advisory lock (nodes migrating at once take turns, scripts/prepare-db.mjs), as MIGRATION_DATABASE_URL's role when
// set; on SQLite a new database file is made 0600 in a 0700 folder and switched to WAL. Reads .env.local as
// `npm start` does; the environment wins over it.
import path from "node:path";
import { prepareDatabase, withMigrationLock } from "../prepare-db.mjs";
import { databaseUrl, databaseUrlProblem } from "../../lib/env/database-url.mjs";

const root = path.resolve(import.meta.dirname, "../..");
// @next/env is CommonJS: its exports arrive on `default`.
const { loadEnvConfig } = (await import("@next/env")).default;
loadEnvConfig(root, false, { info: () => {}, error: console.error });

const url = databaseUrl();
const problem = databaseUrlProblem(url);
if (problem) {
  console.error(`Cannot migrate: DATABASE_URL ${problem}`);
  process.exit(1);
}
try {
  await withMigrationLock(process.env.MIGRATION_DATABASE_URL || url, root, () =>
    prepareDatabase(url, root, process.env.MIGRATION_DATABASE_URL),
  );
} catch (error) {
  console.error(`The migrations failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  process.exit(1);
}
console.log("The database is up to date.");
