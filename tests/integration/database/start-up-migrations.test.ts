// Several nodes started at once on one empty PostgreSQL database (what `npm start` does on each: scripts/start.mjs
// runs prepareDatabase inside withMigrationLock; and `npm run db:migrate`, scripts/db/migrate.mjs, does the same):
// one applies the migrations, the others wait for it and then find nothing left to apply; every one of them starts.
// Without Coffer's lock, Prisma's own gives up after 10 s and the nodes that lost the race fail with P1002. SQLite
// has one server per folder (the start lock): the race is skipped there. And `npm run db:migrate` makes a new SQLite
// database as `npm start` does: private to its user, in WAL mode.
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import pg from "pg";
import Database from "better-sqlite3";

jest.setTimeout(240_000);

const root = path.resolve(__dirname, "../../..");
const onPostgres = (process.env.COFFER_TEST_DATABASE || "sqlite") === "postgresql";

/** Runs what `npm start` runs before serving, in a process of its own, as one node would; answers its exit and output. */
function startUpMigration(url: string): Promise<{ code: number | null; output: string }> {
  const script = `import { prepareDatabase, withMigrationLock } from "./scripts/prepare-db.mjs";
await withMigrationLock(process.env.DATABASE_URL, process.cwd(), () => prepareDatabase(process.env.DATABASE_URL));`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
}

/** The migration folders committed for `provider`, in the order they apply. */
function committedMigrations(provider: "sqlite" | "postgresql"): string[] {
  return fs
    .readdirSync(path.join(root, "prisma", provider, "migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** `npm run db:migrate`'s script, in a process of its own; answers its exit and output. */
function dbMigrate(url: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["scripts/db/migrate.mjs"], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
}

(onPostgres ? it : it.skip)(
  "four nodes starting at once on an empty PostgreSQL database all start, and each migration runs once",
  async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const name = `coffer_startup_${randomBytes(4).toString("hex")}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    try {
      // Two as `npm start` migrates, two with `npm run db:migrate`: all four take the same lock.
      const nodes = await Promise.all([startUpMigration, dbMigrate, startUpMigration, dbMigrate].map((migrate) => migrate(url.toString())));
      for (const node of nodes) expect(node).toEqual({ code: 0, output: expect.not.stringContaining("P1002") });
      expect(nodes.filter((node) => node.output.includes("another node is applying the migrations")).length).toBeGreaterThan(0);
      const migrations = committedMigrations("postgresql");
      const applied = new pg.Client({ connectionString: url.toString() });
      await applied.connect();
      try {
        const { rows } = await applied.query<{ migration_name: string; finished: boolean }>(
          "SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name",
        );
        expect(rows).toEqual(migrations.map((migration) => ({ migration_name: migration, finished: true })));
      } finally {
        await applied.end();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  },
);

it("`npm run db:migrate` makes a new SQLite database 0600 in a 0700 folder, in WAL mode, with every migration", async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "coffer-db-migrate-"));
  try {
    const file = path.join(folder, "data", "coffer.db");
    const first = await dbMigrate(`file:${file}`);
    expect(first).toEqual({ code: 0, output: expect.stringContaining("The database is up to date.") });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    // The header's read and write versions (bytes 18 and 19) are 2 in WAL mode, 1 in the rollback journal's.
    const header = fs.readFileSync(file).subarray(18, 20);
    expect([...header]).toEqual([2, 2]);
    const sqlite = new Database(file, { readonly: true });
    try {
      const applied = sqlite
        .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name")
        .all();
      expect(applied.map((row) => (row as { migration_name: string }).migration_name)).toEqual(committedMigrations("sqlite"));
    } finally {
      sqlite.close();
    }
    // Run again: nothing left to apply, and it says so the same way.
    expect(await dbMigrate(`file:${file}`)).toEqual({ code: 0, output: expect.stringContaining("The database is up to date.") });
    const bad = await dbMigrate("mysql://nobody@localhost/coffer");
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/^Cannot migrate: DATABASE_URL must be file:PATH for SQLite/);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
