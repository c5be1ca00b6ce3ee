// Applies the committed migrations and turns on WAL, so readers never wait for the writer.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

export function prepareDatabase(databaseUrl, cwd = process.cwd()) {
  try {
    execFileSync("npx", ["prisma", "migrate", "deploy"], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
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
