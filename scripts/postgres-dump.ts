// pg_dump and pg_restore (Debian's postgresql-client) for `npm run backup` and `restore` on PostgreSQL. The URL's
// password goes to them in PGPASSWORD, never in their arguments (which any local user can read in /proc), and the
// query parameters only Prisma understands are left out (libpq refuses them).
import { spawnSync } from "node:child_process";

const PRISMA_ONLY_PARAMETERS = ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout"];

/** The URL for libpq without its password, and the environment that carries the password. */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  for (const name of PRISMA_ONLY_PARAMETERS) parsed.searchParams.delete(name);
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const done = spawnSync(command, args, { env, encoding: "utf8" });
  if (done.error) {
    const missing = (done.error as NodeJS.ErrnoException).code === "ENOENT";
    throw new Error(missing ? `${command} is not installed (Debian: apt-get install postgresql-client)` : done.error.message);
  }
  if (done.status !== 0) throw new Error(`${command} failed: ${(done.stderr || done.stdout).trim().split("\n").slice(-3).join(" ")}`);
}

/** Dumps the database as the exported snapshot `snapshot` saw it (custom format, one file). */
export function dumpDatabase(url: string, snapshot: string, file: string): void {
  const { dbname, env } = libpqConnection(url);
  run("pg_dump", ["--format=custom", `--snapshot=${snapshot}`, "--no-owner", `--file=${file}`, `--dbname=${dbname}`], env);
}

/** Replaces what the dump holds in the database, in one transaction: all of it, or nothing. */
export function restoreDatabase(url: string, file: string): void {
  const { dbname, env } = libpqConnection(url);
  run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", `--dbname=${dbname}`, file], env);
}
