// Databases made and dropped in a PostgreSQL cluster for throwaway use (each test file's database, the scratch
// databases `npm run db:migration` diffs against). The cluster is the one COFFER_POSTGRES_ADMIN_URL names, or
// the one the libpq variables describe (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), which is what
// `pg_virtualenv -t <command>` exports for its throwaway cluster. Run as a script (`create NAME`, `drop NAME`)
// so that synchronous callers (jest's setup files) can use it through execFileSync.
import path from "node:path";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";

/** A URL for the cluster's maintenance database, or null when no cluster is configured. */
export function postgresAdminUrl(source = process.env) {
  if (source.COFFER_POSTGRES_ADMIN_URL) return source.COFFER_POSTGRES_ADMIN_URL;
  if (!source.PGHOST) return null;
  const user = encodeURIComponent(source.PGUSER ?? "postgres");
  const password = source.PGPASSWORD ? `:${encodeURIComponent(source.PGPASSWORD)}` : "";
  return `postgresql://${user}${password}@${source.PGHOST}:${source.PGPORT ?? 5432}/${encodeURIComponent(source.PGDATABASE ?? "postgres")}`;
}

/** The URL of database `name` in the cluster `adminUrl` reaches. */
export function databaseUrlIn(adminUrl, name) {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** A name no other throwaway database has: lower-case letters, digits and underscores. */
export function throwawayDatabaseName(prefix) {
  return `${prefix.toLowerCase().replace(/[^a-z0-9]+/g, "_")}${randomBytes(6).toString("hex")}`;
}

const quote = (name) => `"${name.replace(/"/g, '""')}"`;

async function withAdmin(adminUrl, work) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function createDatabase(adminUrl, name) {
  return withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${quote(name)}`));
}

/** Drops the database, ending any connection still open on it (a killed server's). */
export function dropDatabase(adminUrl, name) {
  return withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`));
}

/** The same, waiting for it: for callers that cannot await (jest's setup files, exit handlers). */
export function runSync(command, adminUrl, name) {
  execFileSync(process.execPath, [import.meta.filename, command, name], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, COFFER_POSTGRES_ADMIN_URL: adminUrl },
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const [command, name] = process.argv.slice(2);
  const adminUrl = postgresAdminUrl();
  if (!adminUrl || !name || !["create", "drop"].includes(command)) {
    console.error("Usage: postgres-cluster.mjs create|drop NAME (with PGHOST… or COFFER_POSTGRES_ADMIN_URL set)");
    process.exit(2);
  }
  // No top-level await: jest's global setup loads this module through its CommonJS transform.
  (command === "create" ? createDatabase : dropDatabase)(adminUrl, name).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
