// Applies the committed migrations of the database's provider (prisma.config.ts picks them from the URL) and, on
// SQLite, turns on WAL, so readers never wait for the writer. A SQLite database holds password hashes, emails, session
// ids and the audit trail: a new one is made 0600 in a 0700 folder (the migration runs under a private umask, and
// SQLite gives its -wal and -shm files the database's mode).
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Several nodes started at once on one PostgreSQL: only one migrates at a time, the others wait for it and then find
 * nothing left to apply. Prisma's own advisory lock gives up after 10 s (P1002, "timed out"), and a first migration
 * takes longer than that, so the nodes that lost the race failed to start. Coffer holds an advisory lock of its own
 * (on the schema owner's connection) around `prepareDatabase`, waiting as long as the migration takes. SQLite: one
 * server per folder already (the start lock), so `work` just runs.
 */
export async function withMigrationLock(url, cwd, work, say = (line) => console.log(line)) {
  if (url.startsWith("file:")) return work();
  const pg = createRequire(`${cwd}/package.json`)("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT pg_try_advisory_lock($1) AS taken", [MIGRATION_LOCK]);
    if (!rows[0].taken) {
      say("  another node is applying the migrations; waiting for it");
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    }
    return work();
  } finally {
    // Ending the session releases the lock too, whatever happened.
    await client.end().catch(() => undefined);
  }
}

/** The advisory lock's key: "coffer-migrations", any 64-bit number other applications are unlikely to pick. */
const MIGRATION_LOCK = "7305728391027465";

/** `migrationUrl`: the schema owner's URL (MIGRATION_DATABASE_URL), when migrations run as another role. */
export function prepareDatabase(databaseUrl, cwd = process.cwd(), migrationUrl = undefined) {
  const env = { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  if (migrationUrl) env.MIGRATION_DATABASE_URL = migrationUrl;
  else delete env.MIGRATION_DATABASE_URL;
  const file = databaseUrl.startsWith("file:") ? path.resolve(cwd, databaseUrl.slice("file:".length)) : null;
  if (file) fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const created = file !== null && !fs.existsSync(file);
  const umask = process.umask(0o077);
  try {
    execFileSync(path.join(cwd, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd, stdio: ["ignore", "pipe", "pipe"], env });
  } catch (error) {
    // Prisma's chatter stays quiet unless the migration failed.
    process.stderr.write(`${error.stdout ?? ""}${error.stderr ?? ""}`);
    throw error;
  } finally {
    process.umask(umask);
  }
  if (created) fs.chmodSync(file, 0o600);
  if (databaseUrl.startsWith("file:")) {
    const Database = createRequire(`${cwd}/package.json`)("better-sqlite3");
    const sqlite = new Database(databaseUrl.slice("file:".length));
    sqlite.pragma("journal_mode = WAL");
    sqlite.close();
  }
}
