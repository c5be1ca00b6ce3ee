// Applies the committed migrations and turns on WAL, so readers never wait for the writer.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

export function prepareDatabase(databaseUrl, cwd = process.cwd()) {
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    cwd,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  if (databaseUrl.startsWith("file:")) {
    const Database = createRequire(`${cwd}/package.json`)("better-sqlite3");
    const sqlite = new Database(databaseUrl.slice("file:".length));
    sqlite.pragma("journal_mode = WAL");
    sqlite.close();
  }
}
