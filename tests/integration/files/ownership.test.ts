// Two users over real HTTP: one may not download, rename or delete the other's file (and cannot tell it
// from a file that does not exist); the owner's rename follows the display-name rules, and the owner's
// delete removes the row and the blob and gives the bytes back to the quota.
import { db } from "@/lib/db";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { createUser } from "../../support/factories";
import { expectSafeDisplayName } from "../../support/display-name-rules";
import { bytesOf, HTML_PAGE, sha256, tinyPng } from "../../support/sample-files";
import { download, storageState, uploadOk, type UploadedFile } from "../../support/upload";
import { hasBlob } from "../../support/storage";
import { ACTION_FILES } from "../../support/action-files";

jest.setTimeout(60_000);

// The page the file actions are called from (they are bound to the dashboard and the file page).
const PAGE = "/dashboard";
type ActionResult<T> = { ok: true; data: T; message?: string } | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

let server: TestServer;
let owner: Awaited<ReturnType<typeof createUser>>;
let other: Awaited<ReturnType<typeof createUser>>;
let ownerClient: Client;
let otherClient: Client;

beforeAll(async () => {
  server = await startServer();
  [owner, other] = await Promise.all([createUser(), createUser()]);
  ownerClient = new Client(server.url);
  otherClient = new Client(server.url);
  expect(await ownerClient.signIn(owner.username, owner.password)).toBe(true);
  expect(await otherClient.signIn(other.username, other.password)).toBe(true);
});

afterAll(async () => {
  await server?.stop();
});

async function rename(client: Client, fileId: string, name: string) {
  const response = await client.callAction<ActionResult<{ name: string }>>(PAGE, ACTION_FILES.files, "renameFileAction", [
    { fileId, name },
  ]);
  expect(response.status).toBe(200);
  return response.value!;
}

async function remove(client: Client, fileId: string) {
  const response = await client.callAction<ActionResult<undefined>>(PAGE, ACTION_FILES.files, "deleteFileAction", [{ fileId }]);
  expect(response.status).toBe(200);
  return response.value!;
}

/** The owner's file exactly as it was: row, name, blob, quota, and its bytes. */
async function expectUntouched(file: UploadedFile, data: Buffer, storageUsed: bigint) {
  const row = await db.file.findUniqueOrThrow({ where: { id: file.id } });
  expect(row).toMatchObject({ name: file.name, ownerId: owner.id, size: BigInt(data.length), sha256: sha256(data) });
  expect(await hasBlob(row.storageKey)).toBe(true);
  expect((await storageState(owner.id)).storageUsed).toBe(storageUsed);
  const got = await download(ownerClient, file.id);
  expect(got.status).toBe(200);
  expect(got.sha256).toBe(sha256(data));
}

describe("another user's file", () => {
  const data = bytesOf("private", 70_000);
  let file: UploadedFile;
  let ownerUsage: bigint;

  beforeAll(async () => {
    [file] = await uploadOk(ownerClient, [{ filename: "private report.bin", data }]);
    ownerUsage = (await storageState(owner.id)).storageUsed;
  });

  afterEach(async () => {
    await expectUntouched(file, data, ownerUsage);
  });

  it("is answered 404 on download, exactly like an id that does not exist", async () => {
    const theirs = await download(otherClient, file.id);
    const missing = await download(otherClient, "clnotarealfileid000000000");
    expect(theirs.status).toBe(404);
    expect(theirs.bytes!.toString()).toBe(missing.bytes!.toString());
    expect(theirs.headers.get("content-disposition")).toBeNull();
    expect(theirs.bytes!.includes(data.subarray(0, 16))).toBe(false);

    const head = await otherClient.fetch(`/api/files/${file.id}/download`, { method: "HEAD" });
    expect(head.status).toBe(404);
    const ranged = await download(otherClient, file.id, { headers: { range: "bytes=0-0" } });
    expect(ranged.status).toBe(404);
  });

  it("cannot be renamed by them", async () => {
    expect(await rename(otherClient, file.id, "pwned.txt")).toEqual({ ok: false, error: "File not found." });
  });

  it("cannot be deleted by them", async () => {
    expect(await remove(otherClient, file.id)).toEqual({ ok: false, error: "File not found." });
    expect(await remove(otherClient, "clnotarealfileid000000000")).toEqual({ ok: false, error: "File not found." });
  });

  it("does not count against their quota", async () => {
    expect((await storageState(other.id)).storageUsed).toBe(0n);
  });
});

describe("the owner's rename", () => {
  let file: UploadedFile;
  const data = Buffer.from("notes for the owner\n");

  beforeAll(async () => {
    [file] = await uploadOk(ownerClient, [{ filename: "notes.txt", data }]);
  });

  it.each([
    ["a path", "../../etc/passwd.txt"],
    ["a Windows path", "..\\..\\boot.txt"],
    ["a right-to-left override", "report\u202Etxt.exe.txt"],
    ["CR and LF", "a\r\nSet-Cookie: x=1.txt"],
    ["a leading dot", ".bashrc"],
    ["a leading dash", "-rf.txt"],
    ["a device name", "CON"],
    ["a very long name", `${"\u00e9".repeat(300)}.txt`],
    ["a lone surrogate", "half \uD83D.txt"],
  ])("applies the display-name rules to %s, and the download carries the result", async (_case, requested) => {
    const result = await rename(ownerClient, file.id, requested);
    expect(result.ok).toBe(true);
    const { name } = (result as { data: { name: string } }).data;
    expectSafeDisplayName(name);
    expect((await db.file.findUniqueOrThrow({ where: { id: file.id } })).name).toBe(name);
    const got = await download(ownerClient, file.id);
    expect(got.status).toBe(200);
    expect(got.sha256).toBe(sha256(data));
    expect(got.headers.get("content-disposition")).toMatch(/^attachment;[\x20-\x7e]*$/);
  });

  it("turns a lone surrogate into a replacement character rather than storing it", async () => {
    // JSON carries a lone surrogate as "\ud83d": the action receives it as is.
    expect(await rename(ownerClient, file.id, "half \uD83D.txt")).toMatchObject({ ok: true, data: { name: "half \uFFFD.txt" } });
  });

  it("gives a file its new name", async () => {
    expect(await rename(ownerClient, file.id, "  Quarterly notes.txt  ")).toMatchObject({
      ok: true,
      data: { name: "Quarterly notes.txt" },
    });
    expect((await db.file.findUniqueOrThrow({ where: { id: file.id } })).name).toBe("Quarterly notes.txt");
  });

  it("refuses a blocked extension and keeps the old name", async () => {
    await rename(ownerClient, file.id, "kept.txt");
    const result = await rename(ownerClient, file.id, "shell.php");
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/\.php are not accepted/) });
    expect((await db.file.findUniqueOrThrow({ where: { id: file.id } })).name).toBe("kept.txt");
  });

  it("refuses a name whose type the content contradicts", async () => {
    const [page] = await uploadOk(ownerClient, [{ filename: "page.txt", data: HTML_PAGE }]);
    const result = await rename(ownerClient, page.id, "page.png");
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/not a \.png file/) });
    expect((await db.file.findUniqueOrThrow({ where: { id: page.id } })).name).toBe("page.txt");

    // Content that really is a PNG may take the name.
    const [image] = await uploadOk(ownerClient, [{ filename: "image.bin", data: tinyPng() }]);
    expect(await rename(ownerClient, image.id, "image.png")).toMatchObject({ ok: true, data: { name: "image.png" } });
  });

  it("refuses an empty name", async () => {
    await rename(ownerClient, file.id, "kept.txt");
    const result = await rename(ownerClient, file.id, "   ");
    expect(result).toMatchObject({ ok: false });
    expect((await db.file.findUniqueOrThrow({ where: { id: file.id } })).name).toBe("kept.txt");
  });
});

describe("the owner's delete", () => {
  it("removes the row and the blob, gives the quota back, and the file is gone for good", async () => {
    const data = bytesOf("to-delete", 150_000);
    const before = await storageState(owner.id);
    const [file] = await uploadOk(ownerClient, [{ filename: "to delete.bin", data }]);
    const row = await db.file.findUniqueOrThrow({ where: { id: file.id } });
    expect(await hasBlob(row.storageKey)).toBe(true);
    expect((await storageState(owner.id)).storageUsed).toBe(before.storageUsed + BigInt(data.length));

    expect(await remove(ownerClient, file.id)).toMatchObject({ ok: true });

    expect(await db.file.findUnique({ where: { id: file.id } })).toBeNull();
    expect(await hasBlob(row.storageKey)).toBe(false);
    const after = await storageState(owner.id);
    expect(after.storageUsed).toBe(before.storageUsed);
    expect(after.blobs).toEqual(before.blobs);
    expect(after.fileRows).toBe(before.fileRows);
    expect((await download(ownerClient, file.id)).status).toBe(404);
    expect(await remove(ownerClient, file.id)).toEqual({ ok: false, error: "File not found." });
    expect((await storageState(owner.id)).storageUsed).toBe(before.storageUsed);
  });
});
