// Which database Coffer uses, read from DATABASE_URL (and MIGRATION_DATABASE_URL) without the app's secrets, so
// that the Prisma CLI, `npm start` and the test harness can use it too. Plain Node (a .d.mts beside it), since
// scripts import it before anything is built. The app chooses its driver once, in lib/db/, from what this says.
import fs from "node:fs";
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/coffer.db";

const FORMS = "file:PATH for SQLite, or postgresql://USER:PASSWORD@HOST:PORT/DATABASE for PostgreSQL";

/** "sqlite" for file: URLs, "postgresql" for postgres:// and postgresql:// ones, null for anything else. */
export function providerOf(url) {
  if (/^file:/.test(url)) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  return null;
}

/** What is wrong with `url` as a database URL (without repeating its password), or null. */
export function databaseUrlProblem(url) {
  const provider = providerOf(url);
  if (!provider) return `must be ${FORMS} (it starts with "${url.split(":")[0]}:")`;
  if (provider === "sqlite") return url.length > "file:".length ? null : "names no file: use file:./data/coffer.db or another path";
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return `is not a valid URL: use ${FORMS}`;
  }
  if (!parsed.hostname && !parsed.searchParams.get("host")) return "names no host: use postgresql://USER:PASSWORD@HOST:PORT/DATABASE";
  if (parsed.pathname.length <= 1) return "names no database: put its name after the host, as in postgresql://coffer@db.example.org/coffer";
  return null;
}

/** `url` as it may be shown: a PostgreSQL URL without its password, a SQLite URL with the file it resolves to. */
export function describeDatabaseUrl(url) {
  if (providerOf(url) === "sqlite") return `${url} (${path.resolve(url.slice("file:".length).split("?")[0])})`;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "a DATABASE_URL that is not a valid URL";
  }
}

/** The database name of a PostgreSQL URL (null for SQLite). */
export function postgresDatabaseName(url) {
  return providerOf(url) === "postgresql" ? decodeURIComponent(new URL(url).pathname.slice(1)) : null;
}

/** What is wrong with MIGRATION_DATABASE_URL beside DATABASE_URL, or null. */
export function migrationUrlProblem(migrationUrl, url) {
  const problem = databaseUrlProblem(migrationUrl);
  if (problem) return problem;
  if (providerOf(migrationUrl) !== "postgresql" || providerOf(url) !== "postgresql") {
    return "is for PostgreSQL only (a role that owns the schema, apart from the app's role): leave it unset with SQLite";
  }
  if (postgresDatabaseName(migrationUrl) !== postgresDatabaseName(url)) {
    return `must name the same database as DATABASE_URL ("${postgresDatabaseName(url)}"), as the role that owns its tables`;
  }
  return null;
}

/** DATABASE_URL, or SQLite's default; makes a SQLite database's folder (SQLite creates the file but not the folder). */
export function databaseUrl(source = process.env) {
  const url = source.DATABASE_URL || DEFAULT_DATABASE_URL;
  // What a SQLite database holds is for Coffer's own user only.
  if (providerOf(url) === "sqlite") fs.mkdirSync(path.dirname(path.resolve(url.slice("file:".length))), { recursive: true, mode: 0o700 });
  return url;
}

/** The URL migrations run with: MIGRATION_DATABASE_URL (the schema's owner) when set, else DATABASE_URL. */
export function migrationDatabaseUrl(source = process.env) {
  return source.MIGRATION_DATABASE_URL || databaseUrl(source);
}
