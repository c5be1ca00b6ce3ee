// Crashes lose nothing. The production server (and the key rotation) are killed with SIGKILL at the worst
// moments and started again on the same data: a 200 MB upload half-way, deletes under way, a promotion
// re-wrapping 500 file keys. Afterwards every committed file downloads byte-exact, nothing of the
// interrupted upload is left once the start-up sweep ran, and a deleted file is either whole or gone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { Client } from "../../support/http-client";
import { deleteFile, member, type Member } from "../../support/sharing";
import { bytesOf, pseudoRandomChunks, sha256 } from "../../support/sample-files";
import {
  cookieHeader,
  download,
  manualRequest,
  multipartType,
  newBoundary,
  partHead,
  uploadOk,
  waitFor,
  type UploadedFile,
} from "../../support/upload";
import { storedBlobs, unfinishedWrites } from "../../support/storage";
import { readEnvValue } from "../../../scripts/env-file";

jest.setTimeout(300_000);

const root = path.resolve(__dirname, "../../..");
const MB = 1_000_000;
let server: TestServer | undefined;
let keyList = process.env.STORAGE_MASTER_KEY!;

afterAll(async () => {
  await server?.stop();
});

async function restart(): Promise<TestServer> {
  await server?.kill();
  server = await startServer({ env: { STORAGE_MASTER_KEY: keyList } });
  return server;
}

async function signedIn(owner: Member): Promise<Client> {
  const client = new Client(server!.url);
  expect(await client.signIn(owner.username, owner.password)).toBe(true);
  return client;
}

async function expectIntact(client: Client, files: { file: UploadedFile; data: Buffer }[]) {
  for (const { file, data } of files) {
    const got = await download(client, file.id, {}, { keep: false });
    expect(got.status).toBe(200);
    expect(got.sha256).toBe(sha256(data));
  }
}

async function storageUsed(userId: string) {
  return (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { storageUsed: true } })).storageUsed;
}

it("killed in the middle of a 200 MB upload: after the restart nothing of it is left, and every committed file is intact", async () => {
  server = await startServer({ env: { STORAGE_MASTER_KEY: keyList } });
  const owner = await member(server);
  const committed = await Promise.all(
    [0, 1, 2].map(async (i) => {
      const data = bytesOf(`committed-${i}`, 300_000 + i);
      const [file] = await uploadOk(owner.client, [{ filename: `committed-${i}.bin`, data }]);
      return { file, data };
    }),
  );
  const blobsBefore = await storedBlobs();
  const usedBefore = await storageUsed(owner.id);

  // A two-file upload: a small first file (its blob committed to storage, its row not yet), then 200 MB.
  const boundary = newBoundary();
  const request = manualRequest(server.url, {
    path: "/api/files",
    headers: { cookie: cookieHeader(owner.client), "content-type": multipartType(boundary) },
  });
  request.outcome.catch(() => undefined);
  await request.write(partHead(boundary, { filename: "small-first.bin" }));
  await request.write(bytesOf("small-first", 100_000));
  await request.write(partHead(boundary, { filename: "huge.bin" }, false));
  let written = 0;
  for (const chunk of pseudoRandomChunks("huge", 200 * MB)) {
    await request.write(chunk).catch(() => undefined);
    written += chunk.length;
    if (written >= 80 * MB) break;
  }
  expect(await db.pendingBlob.count({ where: { userId: owner.id } })).toBe(2);
  // Its unfinished write: a temporary file on the local disk, a multipart upload on S3.
  expect((await unfinishedWrites()).length).toBe(1);
  await server.kill();
  request.destroy();

  await restart();
  expect(
    await waitFor(
      async () =>
        (await unfinishedWrites()).length === 0 &&
        (await db.pendingBlob.count()) === 0 &&
        (await storedBlobs()).length === blobsBefore.length,
      30_000,
    ),
  ).toBe(true);
  expect(await storedBlobs()).toEqual(blobsBefore);
  expect(await db.file.count({ where: { ownerId: owner.id } })).toBe(3);
  expect(await storageUsed(owner.id)).toBe(usedBefore);
  await expectIntact(await signedIn(owner), committed);
});

it("killed while deletes run: each file is either whole or gone, with its blob and its quota", async () => {
  server ??= await startServer({ env: { STORAGE_MASTER_KEY: keyList } });
  const owner = await member(server);
  const files: { file: UploadedFile; data: Buffer }[] = [];
  for (const batch of [0, 1]) {
    const parts = Array.from({ length: 15 }, (_, i) => ({
      filename: `deleting-${batch}-${i}.bin`,
      data: bytesOf(`deleting-${batch}-${i}`, 50_000 + i),
    }));
    (await uploadOk(owner.client, parts)).forEach((file, i) => files.push({ file, data: parts[i].data }));
  }
  // Deletes fire, and the server dies while they run.
  const deletes = files.map(({ file }) => deleteFile(owner.client, file.id).catch(() => undefined));
  await waitFor(async () => (await db.file.count({ where: { ownerId: owner.id } })) < files.length, 10_000, 1);
  await server.kill();
  await Promise.all(deletes);

  await restart();
  const client = await signedIn(owner);
  const remaining = new Set((await db.file.findMany({ where: { ownerId: owner.id }, select: { id: true } })).map((f) => f.id));
  expect(remaining.size).toBeLessThan(files.length);
  const whole = files.filter(({ file }) => remaining.has(file.id));
  await expectIntact(client, whole);
  for (const { file } of files.filter(({ file }) => !remaining.has(file.id))) {
    expect((await download(client, file.id)).status).toBe(404);
  }
  // The quota counts exactly what remains, and the sweep removed the blobs of the deleted ones.
  expect(await storageUsed(owner.id)).toBe(BigInt(whole.reduce((sum, { data }) => sum + data.length, 0)));
  expect(await waitFor(async () => (await orphanBlobs()).length === 0, 30_000)).toBe(true);
});

/** Blobs no File row names. */
async function orphanBlobs(): Promise<string[]> {
  const named = new Set((await db.file.findMany({ select: { storageKey: true } })).map((f) => f.storageKey));
  return (await storedBlobs()).filter((blob) => !named.has(blob));
}

it("killed while a promotion re-wraps 500 file keys: every file reads back after the restart, and a second run finishes", async () => {
  server ??= await startServer({ env: { STORAGE_MASTER_KEY: keyList } });
  const owner = await member(server);
  const files: { file: UploadedFile; data: Buffer }[] = [];
  for (let batch = 0; batch < 25; batch++) {
    const parts = Array.from({ length: 20 }, (_, i) => ({
      filename: `key-${batch}-${i}.bin`,
      data: bytesOf(`key-${batch}-${i}`, 1000 + i),
    }));
    const stored = await uploadOk(owner.client, parts);
    stored.forEach((file, i) => files.push({ file, data: parts[i].data as Buffer }));
  }

  const envFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coffer-crash-keys-")), ".env.local");
  fs.writeFileSync(envFile, `STORAGE_MASTER_KEY=${keyList}\n`, { mode: 0o600 });
  const keysCommand = (args: string[]) =>
    [path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/keys.ts", ...args, "--dotenv", envFile]] as const;
  const childEnv = { ...process.env, LOG_LEVEL: "silent" } as NodeJS.ProcessEnv;
  delete childEnv.STORAGE_MASTER_KEY;
  const added = spawnSync(...keysCommand(["add"]), { cwd: root, encoding: "utf8", env: childEnv });
  expect(added.status).toBe(0);
  keyList = readEnvValue(envFile, "STORAGE_MASTER_KEY")!;
  const newId = keyList.split(",").at(-1)!.split(":")[0];
  await restart(); // registers the new key

  const total = await db.file.count();
  const promotion = spawn(...keysCommand(["promote", newId]), { cwd: root, env: childEnv, stdio: "ignore" });
  const exited = new Promise((resolve) => promotion.once("exit", resolve));
  const midway = await waitFor(
    async () => {
      const done = await db.file.count({ where: { masterKeyId: newId } });
      return done > 0 && done < total;
    },
    120_000,
    2,
  );
  promotion.kill("SIGKILL");
  await server!.kill();
  await exited;
  expect(midway).toBe(true);
  const done = await db.file.count({ where: { masterKeyId: newId } });
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(total);

  keyList = readEnvValue(envFile, "STORAGE_MASTER_KEY")!;
  expect(keyList.split(",")[0].split(":")[0]).toBe(newId); // saved before any data key moved
  await restart();
  await expectIntact(await signedIn(owner), files);

  const again = spawnSync(...keysCommand(["promote", newId]), { cwd: root, encoding: "utf8", env: childEnv });
  expect(again.status).toBe(0);
  expect(await db.file.count({ where: { masterKeyId: { not: newId } } })).toBe(0);
  await expectIntact(await signedIn(owner), files.slice(0, 20));
});
