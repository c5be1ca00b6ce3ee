// Uploads and downloads over real HTTP: byte-exact round trips (a 200 MB one streamed both ways),
// byte ranges, the headers that keep a download from being rendered, and who may download at all.
import { db } from "@/lib/db";
import { ciphertextSize } from "@/lib/crypto/segmented-stream";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { createUser } from "../../support/factories";
import { bytesAt, bytesOf, HTML_PAGE, sha256 } from "../../support/sample-files";
import { download, readBody, storageState, streamUpload, upload, uploadOk, type UploadedFile } from "../../support/upload";
import { readStoredBlob, storageDriver, unfinishedWrites } from "../../support/storage";
import { testStorage } from "../../support/test-configuration";

const SEGMENT = 64 * 1024;
jest.setTimeout(60_000);

let server: TestServer;
let client: Client;
let owner: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  server = await startServer();
  owner = await createUser();
  client = new Client(server.url);
  expect(await client.signIn(owner.username, owner.password)).toBe(true);
});

afterAll(async () => {
  await server?.stop();
});

describe("round trips", () => {
  it.each([0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1])("stores and returns %d bytes exactly, encrypted at rest", async (size) => {
    const data = bytesOf(`round-trip-${size}`, size);
    const before = await storageState(owner.id);

    const [file] = await uploadOk(client, [{ filename: `sample-${size}.bin`, data }]);
    expect(file).toEqual({
      id: expect.any(String),
      name: `sample-${size}.bin`,
      size,
      mimeType: "application/octet-stream",
      sha256: sha256(data),
      createdAt: expect.any(String),
    });

    const row = await db.file.findUniqueOrThrow({ where: { id: file.id } });
    expect(row).toMatchObject({ ownerId: owner.id, size: BigInt(size), sha256: sha256(data), name: file.name });
    // The row names the store that holds the blob: the one this configuration of the tests chose.
    expect(row.store).toBe(storageDriver());
    expect(storageDriver()).toBe(testStorage());
    const blob = await readStoredBlob(row.storageKey);
    expect(blob.length).toBe(ciphertextSize(size));
    if (size >= 32) expect(blob.includes(data.subarray(0, 32))).toBe(false);
    expect((await storageState(owner.id)).storageUsed).toBe(before.storageUsed + BigInt(size));
    expect(await unfinishedWrites()).toEqual([]);

    const got = await download(client, file.id);
    expect(got.error).toBeUndefined();
    expect(got.status).toBe(200);
    expect(got.headers.get("content-length")).toBe(String(size));
    expect(got.received).toBe(size);
    expect(got.sha256).toBe(sha256(data));
  });

  it("stores several files sent in one request, each under its own blob", async () => {
    const a = bytesOf("multi-a", 70_000);
    const b = bytesOf("multi-b", 10);
    const before = await storageState(owner.id);
    const files = await uploadOk(client, [
      { filename: "a.bin", data: a },
      { filename: "b.bin", data: b },
    ]);
    expect(files.map((f) => [f.name, f.size, f.sha256])).toEqual([
      ["a.bin", a.length, sha256(a)],
      ["b.bin", b.length, sha256(b)],
    ]);
    const after = await storageState(owner.id);
    expect(after.blobs.length).toBe(before.blobs.length + 2);
    expect(after.fileRows).toBe(before.fileRows + 2);
    expect(after.storageUsed).toBe(before.storageUsed + BigInt(a.length + b.length));
    expect((await download(client, files[0].id)).sha256).toBe(sha256(a));
    expect((await download(client, files[1].id)).sha256).toBe(sha256(b));
  });

  it("streams a file of more than 200 MB both ways without either side holding it", async () => {
    const size = 200 * 1024 * 1024 + 12_345; // not a whole number of segments
    const sent = await streamUpload(client, { filename: "big.bin", seed: "big", size });
    const answer = await sent.response.text();
    expect(sent.response.status).toBe(201);
    expect(sent.sentBytes()).toBe(size);
    const expectedSha = sent.sentSha256();
    const [file] = (JSON.parse(answer) as { files: UploadedFile[] }).files;
    expect(file).toMatchObject({ name: "big.bin", size, sha256: expectedSha });

    const got = await readBody(await client.get(`/api/files/${file.id}/download`));
    expect(got.error).toBeUndefined();
    expect(got.status).toBe(200);
    expect(got.headers.get("content-length")).toBe(String(size));
    expect(got.received).toBe(size);
    expect(got.sha256).toBe(expectedSha);

    // A range deep inside the big file decrypts only what it touches and is still exact.
    const start = 150 * 1024 * 1024 + 7;
    const ranged = await download(client, file.id, { headers: { range: `bytes=${start}-${start + 99_999}` } });
    expect(ranged.status).toBe(206);
    expect(ranged.bytes!.equals(bytesAt("big", start, 100_000))).toBe(true);
  }, 300_000);
});

describe("byte ranges", () => {
  const size = 3 * SEGMENT + 3_392; // 200 000 bytes: three full segments and a short last one
  const data = bytesOf("ranges", size);
  let file: UploadedFile;

  beforeAll(async () => {
    [file] = await uploadOk(client, [{ filename: "ranges.bin", data }]);
  });

  it.each([
    ["the first byte", "bytes=0-0", 0, 0],
    ["the last byte as a suffix", "bytes=-1", size - 1, size - 1],
    ["the last byte by offset", `bytes=${size - 1}-${size - 1}`, size - 1, size - 1],
    ["an open-ended range", "bytes=150000-", 150_000, size - 1],
    ["a range crossing the first segment boundary", `bytes=${SEGMENT - 6}-${SEGMENT + 9}`, SEGMENT - 6, SEGMENT + 9],
    ["a range crossing two boundaries", `bytes=${SEGMENT - 1}-${2 * SEGMENT}`, SEGMENT - 1, 2 * SEGMENT],
    ["exactly one segment", `bytes=${SEGMENT}-${2 * SEGMENT - 1}`, SEGMENT, 2 * SEGMENT - 1],
    ["the short last segment", `bytes=${3 * SEGMENT}-`, 3 * SEGMENT, size - 1],
    ["a range running past the end", `bytes=100-${size + 1000}`, 100, size - 1],
    ["a suffix longer than the file", `bytes=-${size + 50}`, 0, size - 1],
  ])("answers %s with 206 and exactly those bytes", async (_case, range, start, end) => {
    const got = await download(client, file.id, { headers: { range } });
    expect(got.error).toBeUndefined();
    expect(got.status).toBe(206);
    expect(got.headers.get("content-range")).toBe(`bytes ${start}-${end}/${size}`);
    expect(got.headers.get("content-length")).toBe(String(end - start + 1));
    expect(got.bytes!.equals(data.subarray(start, end + 1))).toBe(true);
  });

  it.each([
    ["starting at the size", `bytes=${size}-`],
    ["starting past the end", `bytes=${size + 10}-${size + 20}`],
  ])("answers a range %s with 416 and bytes */size", async (_case, range) => {
    const got = await download(client, file.id, { headers: { range } });
    expect(got.status).toBe(416);
    expect(got.headers.get("content-range")).toBe(`bytes */${size}`);
    expect(got.received).toBe(0);
  });

  it("answers several ranges with the whole file", async () => {
    const got = await download(client, file.id, { headers: { range: "bytes=0-0,10-20" } });
    expect(got.status).toBe(200);
    expect(got.headers.get("content-range")).toBeNull();
    expect(got.sha256).toBe(sha256(data));
  });

  it("honours If-Range only with the current ETag", async () => {
    const etag = (await client.fetch(`/api/files/${file.id}/download`, { method: "HEAD" })).headers.get("etag")!;
    const same = await download(client, file.id, { headers: { range: "bytes=5-9", "if-range": etag } });
    expect(same.status).toBe(206);
    expect(same.bytes!.equals(data.subarray(5, 10))).toBe(true);
    const stale = await download(client, file.id, { headers: { range: "bytes=5-9", "if-range": '"0000"' } });
    expect(stale.status).toBe(200);
    expect(stale.sha256).toBe(sha256(data));
  });

  it("answers HEAD with the headers of GET and no body", async () => {
    const head = await readBody(await client.fetch(`/api/files/${file.id}/download`, { method: "HEAD" }));
    expect(head.status).toBe(200);
    expect(head.received).toBe(0);
    expect(head.headers.get("content-length")).toBe(String(size));
    expect(head.headers.get("accept-ranges")).toBe("bytes");
    const get = await download(client, file.id);
    for (const name of [
      "content-type",
      "content-disposition",
      "etag",
      "cache-control",
      "content-security-policy",
      "x-content-type-options",
    ]) {
      expect(head.headers.get(name)).toBe(get.headers.get(name));
    }

    const rangedHead = await readBody(
      await client.fetch(`/api/files/${file.id}/download`, { method: "HEAD", headers: { range: "bytes=10-19" } }),
    );
    expect(rangedHead.status).toBe(206);
    expect(rangedHead.received).toBe(0);
    expect(rangedHead.headers.get("content-range")).toBe(`bytes 10-19/${size}`);
    expect(rangedHead.headers.get("content-length")).toBe("10");
  });
});

describe("download headers", () => {
  it("sends the file as an attachment under its UTF-8 name, with headers that keep it from being rendered", async () => {
    const name = "Prüfbericht für Q3 – été (final).txt";
    const [file] = await uploadOk(client, [{ filename: name, data: "plain text\n" }]);
    expect(file.name).toBe(name);
    const got = await download(client, file.id);
    expect(got.status).toBe(200);
    const disposition = got.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment;/);
    const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
    expect(extended).not.toBeNull();
    expect(decodeURIComponent(extended![1])).toBe(name);
    // The plain filename= fallback must be ASCII only.
    expect(/filename="([^"]*)"/.exec(disposition)?.[1]).toMatch(/^[\x20-\x7e]*$/);
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(got.headers.get("content-security-policy")).toMatch(/(^|;|\s)sandbox(;|$|\s)/);
    const cacheControl = got.headers
      .get("cache-control")!
      .split(",")
      .map((d) => d.trim());
    expect(cacheControl).toEqual(expect.arrayContaining(["private", "no-store"]));
    expect(got.headers.get("accept-ranges")).toBe("bytes");
    expect(got.headers.get("etag")).toMatch(/^"[0-9a-f]{16,}"$/);
    expect(got.headers.get("content-length")).toBe("11");
  });

  it("never serves an uploaded HTML page as HTML", async () => {
    const [file] = await uploadOk(client, [{ filename: "page.html", data: HTML_PAGE, contentType: "text/html" }]);
    expect(file.mimeType).not.toMatch(/html/);
    const got = await download(client, file.id);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).not.toMatch(/html|xml|svg|javascript/i);
    expect(got.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(got.sha256).toBe(sha256(HTML_PAGE));
  });
});

describe("who may download", () => {
  it.each([
    ["an id that does not exist", "clxxxxxxxxxxxxxxxxxxxxxxx"],
    ["an id with characters no id has", "..%2F..%2Fetc%2Fpasswd"],
  ])("answers 404 for %s", async (_case, id) => {
    const response = await client.get(`/api/files/${id}/download`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: expect.any(String) });
    expect((await client.fetch(`/api/files/${id}/download`, { method: "HEAD" })).status).toBe(404);
  });

  it("answers 401 to a visitor without a session, for downloads and uploads", async () => {
    const [file] = await uploadOk(client, [{ filename: "private.txt", data: "secret" }]);
    const visitor = new Client(server.url);
    const got = await download(visitor, file.id);
    expect(got.status).toBe(401);
    expect(got.bytes!.toString()).not.toContain("secret");
    expect((await visitor.fetch(`/api/files/${file.id}/download`, { method: "HEAD" })).status).toBe(401);

    const before = await storageState(owner.id);
    const refused = await upload(visitor, [{ filename: "anonymous.txt", data: "hello" }]);
    expect(refused.status).toBe(401);
    expect(await db.file.count()).toBe(before.fileRows);
    expect((await storageState(owner.id)).blobs).toEqual(before.blobs);
  });
});
