// Maintenance commands run against a database that is not Coffer's (the server was started with another
// DATABASE_URL): the real `npm run admin`, `keys` and `backup` refuse in one sentence that names the database they
// opened (without its password) and says how to point them at the right one, and they create nothing: no SQLite
// file, no folder for it, no table in an empty PostgreSQL database. A Coffer database still works (the control).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { db } from "@/lib/db";

jest.setTimeout(120_000);

const root = path.resolve(__dirname, "../../..");
const provider = process.env.COFFER_TEST_DATABASE || "sqlite";

function command(script: "admin" | "keys" | "backup", args: string[], env: Record<string, string | undefined>) {
  const run = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", `scripts/${script}.ts`, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
  });
  return { code: run.status ?? 1, stdout: run.stdout, stderr: run.stderr.trim() };
}

const COMMANDS: [string, "admin" | "keys" | "backup", (dir: string) => string[]][] = [
  ["npm run admin -- promote", "admin", () => ["promote", "alice"]],
  ["npm run admin -- reset-link", "admin", () => ["reset-link", "alice"]],
  ["npm run keys -- status", "keys", () => ["status"]],
  ["npm run backup", "backup", (dir) => [path.join(dir, "backup")]],
];

/** One sentence: no stack trace, no Prisma message, ends with what to do. */
function expectOneSentence(stderr: string) {
  expect(stderr.split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/Prisma|at .*\(|does not exist in the current database|main\.User/);
  expect(stderr).toContain("set DATABASE_URL to the database the server was started with");
  expect(stderr).toMatch(/nothing was changed\.$/);
}

if (provider === "sqlite") {
  describe("on SQLite", () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "coffer-maintenance-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it.each(COMMANDS)("%s refuses a database file that does not exist and creates neither it nor its folder", (_name, script, args) => {
      const file = path.join(dir, "data", "coffer.db");
      const run = command(script, args(dir), { DATABASE_URL: `file:${file}` });
      expect(run.code).toBe(1);
      expectOneSentence(run.stderr);
      expect(run.stderr).toContain(`The database file:${file} (${file}) does not exist`);
      expect(fs.readdirSync(dir)).toEqual([]);
    });

    it.each(COMMANDS)("%s refuses an empty SQLite file, and leaves it empty", (_name, script, args) => {
      const file = path.join(dir, "coffer.db");
      fs.writeFileSync(file, "");
      const run = command(script, args(dir), { DATABASE_URL: `file:${file}` });
      expect(run.code).toBe(1);
      expectOneSentence(run.stderr);
      expect(run.stderr).toContain(`The database file:${file} (${file}) has no Coffer tables`);
      expect(fs.readdirSync(dir)).toEqual(["coffer.db"]);
      expect(fs.statSync(file).size).toBe(0);
    });

    it("names the default database when DATABASE_URL is unset, and does not create data/coffer.db", () => {
      const cwd = fs.mkdtempSync(path.join(dir, "checkout-"));
      // The command as run from another folder: the default database is relative to where it runs.
      const run = spawnSync(
        path.join(root, "node_modules/.bin/tsx"),
        [
          "--conditions=react-server",
          "--tsconfig",
          path.join(root, "tsconfig.json"),
          path.join(root, "scripts/admin.ts"),
          "promote",
          "alice",
        ],
        { cwd, encoding: "utf8", env: { ...process.env, LOG_LEVEL: "silent", DATABASE_URL: "" } },
      );
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toContain(
        `The database file:./data/coffer.db (${cwd}/data/coffer.db) (the default while DATABASE_URL is unset)`,
      );
      expect(fs.readdirSync(cwd)).toEqual([]);
    });
  });
} else {
  describe("on PostgreSQL", () => {
    const name = `coffer_empty_${randomBytes(4).toString("hex")}`;
    let emptyUrl: string;
    const adminUrl = () => {
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = "/postgres";
      return url.toString();
    };
    beforeAll(() => {
      execFileSync(process.execPath, [path.join(root, "scripts/db/postgres-cluster.mjs"), "create", name], {
        env: { ...process.env, COFFER_POSTGRES_ADMIN_URL: adminUrl() },
      });
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      emptyUrl = url.toString();
    });
    afterAll(() => {
      execFileSync(process.execPath, [path.join(root, "scripts/db/postgres-cluster.mjs"), "drop", name], {
        env: { ...process.env, COFFER_POSTGRES_ADMIN_URL: adminUrl() },
      });
    });

    it.each(COMMANDS.filter(([, script]) => script !== "backup"))(
      "%s refuses a database without Coffer's tables, names it without its password, and creates no table",
      async (_name, script, args) => {
        const run = command(script, args(os.tmpdir()), { DATABASE_URL: emptyUrl });
        expect(run.code).toBe(1);
        expectOneSentence(run.stderr);
        // pg_virtualenv's cluster has a password: it is masked.
        const password = decodeURIComponent(new URL(emptyUrl).password);
        expect(password).not.toBe("");
        expect(run.stderr).not.toContain(password);
        expect(run.stderr).toMatch(new RegExp(`The database postgresql://[^:/]+:\\*\\*\\*@[^ ]+/${name} has no Coffer tables`));
        const client = new pg.Client({ connectionString: emptyUrl });
        await client.connect();
        try {
          const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
          expect(tables.rows).toEqual([]);
        } finally {
          await client.end();
        }
      },
    );
  });
}

it("a Coffer database passes the check: promote reaches the users table", async () => {
  const user = await db.user.create({ data: { username: `maint${randomBytes(3).toString("hex")}`, passwordHash: "x" } });
  const run = command("admin", ["promote", user.username], {});
  expect(run.stderr).toBe("");
  expect(run.stdout).toContain(`${user.username} is now an admin.`);
  expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("admin");
});
