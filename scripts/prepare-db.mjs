// Applies the committed migrations of the database's provider (prisma.config.ts picks them from the URL) and, on
// SQLite, turns on WAL, so readers never wait for the writer.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

/** `migrationUrl`: the schema owner's URL (MIGRATION_DATABASE_URL), when migrations run as another role. */
export function prepareDatabase(databaseUrl, cwd = process.cwd(), migrationUrl = undefined) {
  const env = { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  if (migrationUrl) env.MIGRATION_DATABASE_URL = migrationUrl;
  else delete env.MIGRATION_DATABASE_URL;
  try {
    execFileSync(path.join(cwd, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd, stdio: ["ignore", "pipe", "pipe"], env });
  } catch (error) {
    // Prisma's chatter stays quiet unless the migration failed.
    process.stderr.write(`${error.stdout ?? ""}${error.stderr ?? ""}`);
    throw error;
  }
  if (databaseUrl.startsWith("file:")) {
    const Database = createRequire(`${cwd}/package.json`)("better-sqlite3");
    const sqlite = new Database(databaseUrl.slice("file:".length));
    sqlite.pragma("journal_mode = WAL");
    sqlite.close();
  }
}
