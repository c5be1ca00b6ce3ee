// Backups that restore: `npm run backup` while the server runs, more changes, `npm run restore` with the
// server stopped, and exactly the backed-up files come back, byte-exact; restore refuses while a server runs
// and when the backup is incomplete. On both databases: SQLite's online backup, PostgreSQL's pg_dump of an exported
// snapshot and pg_restore.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { deleteFile, member, uploadFile, type Member } from "../../support/sharing";
import { bytesOf, sha256 } from "../../support/sample-files";
import { download } from "../../support/upload";
import { storedBlobs } from "../../support/storage";
import { Client } from "../../support/http-client";

jest.setTimeout(240_000);

const root = path.resolve(__dirname, "../../..");
let server: TestServer | undefined;

afterAll(async () => {
  await server?.stop();
});

function npmRun(script: "backup" | "restore", dir: string, env: Record<string, string> = {}) {
  const run = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", `scripts/${script}.ts`, dir], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
  });
  return { code: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
}

it("brings back exactly the files of the backup, byte-exact, after deletes and new uploads", async () => {
  server = await startServer();
  const owner: Member = await member(server);
  const kept = { name: "kept.bin", data: bytesOf("backup-kept", 700_000) };
  const deletedLater = { name: "deleted-later.bin", data: bytesOf("backup-deleted", 300_000) };
  const keptFile = await uploadFile(owner, kept.name, kept.data);
  const deletedFile = await uploadFile(owner, deletedLater.name, deletedLater.data);
  const usedAtBackup = (await db.user.findUniqueOrThrow({ where: { id: owner.id } })).storageUsed;

  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coffer-backup-test-")), "snapshot");
  const backup = npmRun("backup", dir);
  expect(backup.output).toContain("Backed up 2 file(s)");
  expect(backup.code).toBe(0);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { files: number; blobs: { key: string }[] };
  expect(manifest.files).toBe(2);
  expect(manifest.blobs).toHaveLength(2);

  // After the backup: one file deleted, another uploaded.
  expect((await deleteFile(owner.client, deletedFile.id)).ok).toBe(true);
  const newer = await uploadFile(owner, "newer.bin", bytesOf("backup-newer", 100_000));

  // Refused while the server runs (its port is taken), and nothing changes.
  const running = npmRun("restore", dir, { PORT: String(server.port) });
  expect(running.code).toBe(1);
  expect(running.output).toContain("stop it before restoring");
  expect(await db.file.count({ where: { id: newer.id } })).toBe(1);

  const port = server.port;
  await server.stop();
  server = undefined;
  // This process's connection still has the old database file open: let it go before the file is replaced.
  await db.$disconnect();
  const restored = npmRun("restore", dir, { PORT: String(port) });
  expect(restored.output).toContain("Restored 2 file(s)");
  expect(restored.code).toBe(0);

  server = await startServer();
  const again = new Client(server.url);
  expect(await again.signIn(owner.username, owner.password)).toBe(true);
  for (const [file, data] of [
    [keptFile, kept.data],
    [deletedFile, deletedLater.data],
  ] as const) {
    const got = await download(again, file.id);
    expect(got.status).toBe(200);
    expect(got.sha256).toBe(sha256(data));
  }
  expect((await download(again, newer.id)).status).toBe(404);
  expect(await storedBlobs()).toEqual(manifest.blobs.map((blob) => blob.key).sort());
  // The rows name the store the blobs were restored into.
  expect(await db.file.count({ where: { store: { not: process.env.STORAGE_DRIVER ?? "local" } } })).toBe(0);
  expect((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).storageUsed).toBe(usedAtBackup);
});

it("refuses an incomplete backup and changes nothing", async () => {
  server ??= await startServer();
  await uploadFile(await member(server), "in-an-incomplete-backup.bin", bytesOf("incomplete", 50_000));
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coffer-backup-test-")), "snapshot");
  expect(npmRun("backup", dir).code).toBe(0);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { blobs: { key: string }[] };
  const victim = manifest.blobs[0].key;
  fs.rmSync(path.join(dir, "blobs", victim.slice(0, 2), victim));
  await server?.stop();
  server = undefined;
  const before = await storedBlobs();
  const refused = npmRun("restore", dir);
  expect(refused.code).toBe(1);
  expect(refused.output).toContain(`blob ${victim} is missing`);
  expect(await storedBlobs()).toEqual(before);
});

it("refuses a backup of the other kind of database, and changes nothing", async () => {
  await server?.stop();
  server = undefined;
  const onPostgres = (process.env.COFFER_TEST_DATABASE || "sqlite") === "postgresql";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coffer-backup-test-"));
  const other = onPostgres ? "coffer.db" : "coffer.pgdump";
  fs.writeFileSync(path.join(dir, other), "not a database");
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ format: "coffer-backup-1", database: other, files: 0, blobs: [] }));
  const users = await db.user.count();
  const before = await storedBlobs();
  const refused = npmRun("restore", dir);
  expect(refused.code).toBe(1);
  expect(refused.output).toContain(
    `this backup holds a ${onPostgres ? "SQLite" : "PostgreSQL"} database and DATABASE_URL names a ${onPostgres ? "PostgreSQL" : "SQLite"} one`,
  );
  expect(await db.user.count()).toBe(users);
  expect(await storedBlobs()).toEqual(before);
});
