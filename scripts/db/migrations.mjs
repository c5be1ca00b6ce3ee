// What a provider's committed migrations leave out of its schema, found in an empty scratch database. Under the
// offline JS schema engine each provider needs its own way: on PostgreSQL `migrate diff --from-migrations` replays
// the migrations in a shadow database adapter-pg creates beside the scratch one (prisma.config.ts makes its
// introspection work); on SQLite that fails on the shadow database, so the migrations go in with the real
// `migrate deploy`, `db pull` reads the result back, and `migrate diff` compares the two datamodels.
// Used by `npm run db:migration` (to write the SQL) and by the drift check in `npm test` (which wants none).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createDatabase, databaseUrlIn, dropDatabase, postgresAdminUrl, throwawayDatabaseName } from "./postgres-cluster.mjs";
import { migrationsPath, schemaPath } from "./providers.mjs";

export const EMPTY_MIGRATION = "-- This is an empty migration.";

/** Runs the Prisma CLI against `url` as `provider`; answers its standard output. */
export function prisma(root, provider, url, args) {
  const env = { ...process.env, DATABASE_URL: url, COFFER_DB_PROVIDER: provider, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  delete env.MIGRATION_DATABASE_URL;
  try {
    return execFileSync(path.join(root, "node_modules", ".bin", "prisma"), args, {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    }).toString();
  } catch (error) {
    throw new Error(`prisma ${args.join(" ")} failed for ${provider}:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  }
}

/** Calls `work(url)` with an empty database of `provider`, removed afterwards. */
export async function withScratchDatabase(provider, work) {
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coffer-scratch-"));
    try {
      return await work(`file:${path.join(dir, "scratch.db")}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const adminUrl = postgresAdminUrl();
  if (!adminUrl) throw new Error("no PostgreSQL cluster: run under `pg_virtualenv -t`, or set PGHOST… or COFFER_POSTGRES_ADMIN_URL");
  const name = throwawayDatabaseName("coffer_scratch_");
  await createDatabase(adminUrl, name);
  try {
    return await work(databaseUrlIn(adminUrl, name));
  } finally {
    await dropDatabase(adminUrl, name);
  }
}

/** The SQL that takes a database made by `provider`'s migrations to its schema ("" when there is none). */
export async function missingMigrationSql(root, provider) {
  const diff = (url, from) =>
    prisma(root, provider, url, ["migrate", "diff", ...from, "--to-schema-datamodel", schemaPath(root, provider), "--script"]).trim();
  const script = (sql) => (sql === EMPTY_MIGRATION ? "" : `${sql}\n`);
  return withScratchDatabase(provider, (url) => {
    // PostgreSQL: the engine replays the migrations in a shadow database and diffs the result.
    if (provider === "postgresql") return script(diff(url, ["--from-migrations", migrationsPath(root, provider)]));
    // SQLite: --from-migrations fails there, and db pull refuses an empty database (a provider's first migration).
    if (migrationNames(root, provider).length === 0) return script(diff(url, ["--from-empty"]));
    prisma(root, provider, url, ["migrate", "deploy"]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coffer-pulled-"));
    try {
      // db pull re-reads the database into a copy of the schema (so it keeps the generator and datasource).
      const pulled = path.join(dir, "schema.prisma");
      fs.copyFileSync(schemaPath(root, provider), pulled);
      const printed = prisma(root, provider, url, ["db", "pull", "--print", "--schema", pulled]);
      // The CLI prints its warnings (about the datasource's url) on standard output too, before the schema.
      fs.writeFileSync(pulled, printed.slice(printed.search(/^generator /m)));
      return script(diff(url, ["--from-schema-datamodel", pulled]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Names of the provider's migration folders, in the order they apply. */
export function migrationNames(root, provider) {
  const dir = migrationsPath(root, provider);
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
}
