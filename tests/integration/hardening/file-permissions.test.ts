// What holds password hashes, emails, session ids and the audit trail is readable by its owner only: the live database
// (and SQLite's -wal and -shm files beside it), backups and restored databases are 0600 in 0700 folders, and a server
// that finds its database readable by others says so at start-up.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { startServer, type TestServer } from "../../support/server";
import { member, uploadFile } from "../../support/sharing";
import { waitFor } from "../../support/upload";
import { freePort } from "../../../scripts/throwaway-server.mjs";

jest.setTimeout(240_000);

const root = path.resolve(__dirname, "../../..");
const databaseFile = () => process.env.DATABASE_URL!.slice("file:".length);
const mode = (file: string) => fs.statSync(file).mode & 0o777;
// These are SQLite's own files (the database, its -wal/-shm, SQLite backups): the PostgreSQL configuration has none.
const onSqlite = (process.env.COFFER_TEST_DATABASE || "sqlite") === "sqlite";
const sqliteIt = onSqlite ? it : it.skip;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function npmRun(script: "backup" | "restore", dir: string, env: Record<string, string> = {}) {
  const run = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", `scripts/${script}.ts`, dir], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
  });
  return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
}

sqliteIt("the database made by the migrations, and SQLite's files beside it while a server writes, are 0600", async () => {
  expect(mode(databaseFile())).toBe(0o600);
  server = await startServer();
  await uploadFile(await member(server), "a.txt", Buffer.from("a\n"));
  for (const suffix of ["-wal", "-shm"]) {
    if (fs.existsSync(databaseFile() + suffix)) expect(mode(databaseFile() + suffix)).toBe(0o600);
  }
  expect(fs.existsSync(`${databaseFile()}-wal`)).toBe(true);
});

sqliteIt("a database made in a folder of its own gets a 0700 folder", () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "coffer-perm-"));
  const url = `file:${path.join(parent, "data", "coffer.db")}`;
  const run = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", `import { prepareDatabase } from "./scripts/prepare-db.mjs"; prepareDatabase(${JSON.stringify(url)});`],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: url },
    },
  );
  expect(run.status).toBe(0);
  expect(mode(path.join(parent, "data"))).toBe(0o700);
  expect(mode(path.join(parent, "data", "coffer.db"))).toBe(0o600);
  fs.rmSync(parent, { recursive: true, force: true });
});

sqliteIt("backups and restored databases are 0600 in 0700 folders", async () => {
  server = await startServer();
  await uploadFile(await member(server), "kept.txt", Buffer.from("kept\n"));
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coffer-perm-backup-")), "snapshot");
  const backup = npmRun("backup", dir);
  expect(backup.code).toBe(0);
  expect(mode(dir)).toBe(0o700);
  expect(mode(path.join(dir, "coffer.db"))).toBe(0o600);
  expect(mode(path.join(dir, "manifest.json"))).toBe(0o600);
  expect(mode(path.join(dir, "blobs"))).toBe(0o700);
  for (const shard of fs.readdirSync(path.join(dir, "blobs"))) expect(mode(path.join(dir, "blobs", shard))).toBe(0o700);
  await server.stop();
  server = undefined;

  // Restored over a database that others could read: what comes back is the owner's alone.
  fs.chmodSync(databaseFile(), 0o644);
  const restore = npmRun("restore", dir, { PORT: String(await freePort()) });
  expect(restore.code).toBe(0);
  expect(mode(databaseFile())).toBe(0o600);
});

sqliteIt("a server whose database others can read warns at start-up, naming the file and the fix", async () => {
  fs.chmodSync(databaseFile(), 0o644);
  fs.chmodSync(path.dirname(databaseFile()), 0o755);
  server = await startServer();
  const warningLine = () =>
    server!
      .logs()
      .split("\n")
      .find((line) => line.includes("readable by other users"));
  // The log is written asynchronously: the server may accept connections before the line is out.
  await waitFor(() => warningLine() !== undefined, 10_000);
  const warning = warningLine();
  expect(warning).toBeDefined();
  expect(warning).toContain(databaseFile());
  expect(warning).toContain("chmod 600");
  expect(warning).toContain(path.dirname(databaseFile()));
  expect(warning).toContain("chmod 700");
  fs.chmodSync(databaseFile(), 0o600);
  fs.chmodSync(path.dirname(databaseFile()), 0o700);
});
