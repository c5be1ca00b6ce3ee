// Backups that restore: `npm run backup` while the server runs, more changes, `npm run restore` with the
// server stopped, and exactly the backed-up files come back, byte-exact; restore refuses while a server runs
// and when the backup is incomplete.
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

// `npm run backup` and `npm run restore` handle SQLite only (PostgreSQL backups are open work of issue 18; until
// then pg_dump is the way, see README). On PostgreSQL they must refuse in one sentence and create nothing: a backup
// folder without its database would look like a backup.
const provider = process.env.COFFER_TEST_DATABASE || "sqlite";

if (provider === "postgresql") {
  it("refuses on PostgreSQL in one sentence, and creates nothing", async () => {
    server = await startServer();
    await uploadFile(await member(server), "not-backed-up.bin", bytesOf("postgresql-backup", 50_000));
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coffer-backup-test-")), "snapshot");
    const backup = npmRun("backup", dir);
    expect(backup.code).toBe(1);
    expect(backup.output).toContain("only SQLite databases");
    expect(fs.existsSync(dir)).toBe(false);
    const before = await storedBlobs();
    await server.stop();
    server = undefined;
    fs.mkdirSync(path.join(dir, "blobs"), { recursive: true });
    fs.writeFileSync(
      path.join(dir, "manifest.json"),
      JSON.stringify({ format: "coffer-backup-1", database: "coffer.db", files: 0, blobs: [] }),
    );
    const restore = npmRun("restore", dir);
    expect(restore.code).toBe(1);
    expect(restore.output).toContain("only SQLite databases");
    expect(await storedBlobs()).toEqual(before);
  });
} else {
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
}
