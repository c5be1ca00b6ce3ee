// Master keys over the real server and the real `npm run keys -- rotate`: a wrong or missing key stops the
// server at start-up; files uploaded before and after a rotation both read back; the start-up sweep removes
// stale temporary files and orphan blobs. The tests share this file's database and run in order.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { db } from "@/lib/db";
import { createUser } from "../../support/factories";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { download, uploadOk } from "../../support/upload";

jest.setTimeout(180_000);

const root = path.resolve(__dirname, "../../..");
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const storageDir = () => process.env.STORAGE_DIR!;
const originalKeys = process.env.STORAGE_MASTER_KEY!;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function signedIn(url: string, user: { username: string; password: string }) {
  const client = new Client(url);
  expect(await client.signIn(user.username, user.password)).toBe(true);
  return client;
}

function rotate(envFile: string): string {
  return execFileSync(
    path.join(root, "node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/keys.ts", "rotate", "--dotenv", envFile],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, LOG_LEVEL: "silent" },
    },
  );
}

function readKeys(envFile: string): string {
  const line = fs
    .readFileSync(envFile, "utf8")
    .split("\n")
    .find((l) => l.startsWith("STORAGE_MASTER_KEY="));
  return line!.slice("STORAGE_MASTER_KEY=".length);
}

function aged(file: string, ageMs: number, data = "x") {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  const when = new Date(Date.now() - ageMs);
  fs.utimesSync(file, when, when);
}

test("a wrong master key stops the server at start-up with a clear message", async () => {
  const user = await createUser();
  server = await startServer();
  await uploadOk(await signedIn(server.url, user), [{ filename: "kept.bin", data: randomBytes(1000) }]);
  await server.stop();
  server = undefined;

  const [id] = originalKeys.split(":");
  const wrong = `${id}:${randomBytes(32).toString("base64url")}`;
  await expect(startServer({ env: { STORAGE_MASTER_KEY: wrong } })).rejects.toThrow(/is not the key that wrapped this installation's data/);
});

test("a missing master key stops the server at start-up and names the key", async () => {
  const [id] = originalKeys.split(":");
  const other = `other:${randomBytes(32).toString("base64url")}`;
  await expect(startServer({ env: { STORAGE_MASTER_KEY: other } })).rejects.toThrow(new RegExp(`lacks the key\\(s\\) "${id}"`));
  await expect(startServer({ env: { STORAGE_MASTER_KEY: "" } })).rejects.toThrow(/STORAGE_MASTER_KEY/);
});

test("rotation re-wraps every data key; files from before and after both read back; the sweep cleans up", async () => {
  const user = await createUser();
  server = await startServer();
  const before = { name: "before.bin", data: randomBytes(200_000) };
  const [uploadedBefore] = await uploadOk(await signedIn(server.url, user), [{ filename: before.name, data: before.data }]);
  const rowBefore = await db.file.findUniqueOrThrow({ where: { id: uploadedBefore.id } });
  const blob = path.join(storageDir(), "blobs", rowBefore.storageKey.slice(0, 2), rowBefore.storageKey);
  const blobBefore = sha256(fs.readFileSync(blob));
  await server.stop();

  const envFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "coffer-keys-")), ".env.local");
  const output = rotate(envFile);
  expect(output).toContain(`re-wrapped ${await db.file.count()} file key(s)`);
  expect(output).not.toContain(originalKeys.split(":")[1]);
  const keys = readKeys(envFile);
  const [newest, previous] = keys.split(",");
  expect(previous).toBe(originalKeys);
  const newId = newest.split(":")[0];
  const rowAfter = await db.file.findUniqueOrThrow({ where: { id: uploadedBefore.id } });
  expect(rowAfter.masterKeyId).toBe(newId);
  expect(rowAfter.wrappedKey).not.toBe(rowBefore.wrappedKey);
  // The content was not rewritten: only the wrapped key changed.
  expect(sha256(fs.readFileSync(blob))).toBe(blobBefore);

  // Leftovers the start-up sweep must remove, however young (no upload holds them), and a blob an upload on
  // another server is writing, which it must leave (tests/integration/faults/sweep.test.ts covers the rest).
  const staleTemp = path.join(storageDir(), "tmp", "stale.part");
  const orphan = path.join(storageDir(), "blobs", "zz", `zz${"o".repeat(30)}`);
  const freshOrphan = path.join(storageDir(), "blobs", "zy", `zy${"f".repeat(30)}`);
  const elsewhere = path.join(storageDir(), "blobs", "zx", `zx${"p".repeat(30)}`);
  aged(staleTemp, 2 * 60 * 60 * 1000);
  aged(orphan, 60 * 60 * 1000);
  aged(freshOrphan, 0);
  aged(elsewhere, 0);
  await db.pendingBlob.create({ data: { storageKey: path.basename(elsewhere), userId: user.id, holder: "another-server" } });

  server = await startServer({ env: { STORAGE_MASTER_KEY: keys } });
  const client = await signedIn(server.url, user);
  const old = await download(client, uploadedBefore.id);
  expect(old.status).toBe(200);
  expect(old.sha256).toBe(sha256(before.data));

  const after = { name: "after.bin", data: randomBytes(150_000) };
  const [uploadedAfter] = await uploadOk(client, [{ filename: after.name, data: after.data }]);
  expect((await db.file.findUniqueOrThrow({ where: { id: uploadedAfter.id } })).masterKeyId).toBe(newId);
  expect((await download(client, uploadedAfter.id)).sha256).toBe(sha256(after.data));

  expect(fs.existsSync(staleTemp)).toBe(false);
  expect(fs.existsSync(orphan)).toBe(false);
  expect(fs.existsSync(freshOrphan)).toBe(false);
  expect(fs.existsSync(elsewhere)).toBe(true);
  expect(fs.existsSync(blob)).toBe(true);
});
