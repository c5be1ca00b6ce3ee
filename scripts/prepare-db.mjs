// Applies the committed migrations of the database's provider (prisma.config.ts picks them from the URL) and, on
// SQLite, turns on WAL, so readers never wait for the writer. A SQLite database holds password hashes, emails, session
// ids and the audit trail: a new one is made 0600 in a 0700 folder (the migration runs under a private umask, and
// SQLite gives its -wal and -shm files the database's mode).
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

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
