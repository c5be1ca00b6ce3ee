// Several nodes started at once on one empty PostgreSQL database (what `npm start` does on each: scripts/start.mjs
// runs prepareDatabase inside withMigrationLock): one applies the migrations, the others wait for it and then find
// nothing left to apply; every one of them starts. Without Coffer's lock, Prisma's own gives up after 10 s and the
// nodes that lost the race fail with P1002. SQLite has one server per folder (the start lock): skipped there.
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";

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
      const nodes = await Promise.all([1, 2, 3, 4].map(() => startUpMigration(url.toString())));
      for (const node of nodes) expect(node).toEqual({ code: 0, output: expect.not.stringContaining("P1002") });
      expect(nodes.filter((node) => node.output.includes("another node is applying the migrations")).length).toBeGreaterThan(0);
      const migrations = fs
        .readdirSync(path.join(root, "prisma/postgresql/migrations"), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
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
