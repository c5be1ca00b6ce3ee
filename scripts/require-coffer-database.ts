// The first thing a maintenance command (`npm run admin`, `keys`, `backup`, `restore`, `storage:reconcile`) does with the database:
// make sure it is Coffer's. Run without the DATABASE_URL the server was started with, a command used to crash
// with Prisma's "table main.User does not exist" and leave an empty data/coffer.db behind. This looks before
// anything opens the database through lib/db (whose env() makes SQLite's folder): SQLite's file must already
// exist (it is opened with fileMustExist), and both providers must hold the migrations table and the User table.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { DEFAULT_DATABASE_URL, describeDatabaseUrl, providerOf } from "@/lib/env/database-url.mjs";

const HOW =
  "set DATABASE_URL to the database the server was started with (in .env.local or the environment), " +
  "or start Coffer once with `npm start` to create it, and run this again; nothing was changed";

/** Which of Coffer's marker tables the database holds: both, or it is not (yet) Coffer's. */
const MARKERS = ["_prisma_migrations", "User"];

async function sqliteTables(file: string): Promise<string[] | string> {
  if (!fs.existsSync(file)) return "does not exist";
  let database: Database.Database | undefined;
  try {
    database = new Database(file, { fileMustExist: true });
    const rows = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    return rows.map((row) => row.name);
  } catch (error) {
    return `cannot be read as a SQLite database (${(error as Error).message})`;
  } finally {
    database?.close();
  }
}

async function postgresTables(url: string): Promise<string[] | string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const result = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()",
    );
    return result.rows.map((row) => row.name);
  } catch (error) {
    return `cannot be reached (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Refuses, with one sentence naming the database and how to point at the right one, a database that is missing,
 * unreadable or without Coffer's tables. `url` defaults to what the server would use: DATABASE_URL or SQLite's
 * default file.
 */
export async function requireCofferDatabase(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL, how = HOW): Promise<void> {
  const provider = providerOf(url);
  // A URL of neither form is reported by lib/env in its own words when the command goes on.
  if (!provider) return;
  const unset = process.env.DATABASE_URL || how !== HOW ? "" : " (the default while DATABASE_URL is unset)";
  const where = `The database ${describeDatabaseUrl(url)}${unset}`;
  const tables =
    provider === "sqlite" ? await sqliteTables(path.resolve(url.slice("file:".length).split("?")[0])) : await postgresTables(url);
  if (typeof tables === "string") throw new Error(`${where} ${tables}: ${how}.`);
  if (!MARKERS.every((name) => tables.includes(name))) throw new Error(`${where} has no Coffer tables: ${how}.`);
}
