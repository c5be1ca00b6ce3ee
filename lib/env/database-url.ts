// The database location, readable without the app's secrets so that the Prisma CLI and scripts can use it.
import fs from "node:fs";
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/coffer.db";

export function databaseUrl(source: Record<string, string | undefined> = process.env): string {
  const url = source.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (url.startsWith("file:")) {
    // SQLite creates the file but not its folder; what it holds is for Coffer's own user only.
    fs.mkdirSync(path.dirname(path.resolve(url.slice("file:".length))), { recursive: true, mode: 0o700 });
  }
  return url;
}
