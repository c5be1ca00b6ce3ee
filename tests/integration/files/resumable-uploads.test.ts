// Resumable uploads over tus 1.0.0 (/api/uploads, docs/decisions/076), on whichever store and database this run
// uses: requests that end anywhere keep only whole sealed segments and say where to go on; the file that results is
// byte-exact with its SHA-256; a second writer is refused while one writes; every refusal is the right status and
// leaves the upload (or nothing) as it was; another user's upload is a 404; the sweep removes an expired upload with
// its reservation and keeps a paused live one.
import { db } from "@/lib/db";
import { sweepStorage } from "@/lib/files/sweep-storage";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { createUser } from "../../support/factories";
import { bytesOf, HTML_PAGE, sha256 } from "../../support/sample-files";
import { cookieHeader, download, manualRequest, storageState, waitFor } from "../../support/upload";
import { storedBlobs, unfinishedWrites } from "../../support/storage";
import { createUpload, deleteUpload, headUpload, metadata, OFFSET_TYPE, patchUpload, sendAll, TUS } from "../../support/tus";

jest.setTimeout(120_000);

const KiB = 1024;
const MiB = 1024 * KiB;
const SEGMENT = 64 * KiB;
const MAX_FILE_SIZE = 40 * MiB;
const USER_QUOTA = 60 * MiB;

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { MAX_FILE_SIZE: String(MAX_FILE_SIZE), USER_QUOTA: String(USER_QUOTA), UPLOAD_LEASE_SECONDS: "20" } });
});

afterAll(async () => {
  await server?.stop();
});

async function signedIn() {
  const user = await createUser();
  const client = new Client(server.url);
  expect(await client.signIn(user.username, user.password)).toBe(true);
  return { user, client };
}

const reserved = async (userId: string) =>
  Number((await db.pendingBlob.aggregate({ where: { userId }, _sum: { reservedBytes: true } }))._sum.reservedBytes ?? 0);

it("says what it offers on OPTIONS", async () => {
  const response = await fetch(new URL("/api/uploads", server.url), { method: "OPTIONS" });
  expect(response.status).toBe(204);
  expect(response.headers.get("tus-version")).toBe("1.0.0");
  expect(response.headers.get("tus-extension")?.split(",").sort()).toEqual(
    ["creation", "creation-with-upload", "expiration", "termination"].sort(),
  );
  expect(response.headers.get("tus-max-size")).toBe(String(MAX_FILE_SIZE));
});

it("keeps only whole segments of each request, goes on from the offset it reports, and ends byte-exact with its hash", async () => {
  const { user, client } = await signedIn();
  // Past two S3 parts, with requests that end mid-segment and mid-part: tails, parts and the final short segment.
  const data = bytesOf("resumable", 12 * MiB + 12_345);
  const created = await createUpload(client, { length: data.length, name: "video.bin" });
  expect(created.status).toBe(201);
  expect(created.offset).toBe(0);
  expect(created.location).toMatch(/^\/api\/uploads\/[A-Za-z0-9_-]{32}$/);
  expect(new Date(created.headers.get("upload-expires")!).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
  // The whole length is reserved at creation.
  expect(await reserved(user.id)).toBe(data.length);

  const location = created.location!;
  const first = await patchUpload(client, location, 0, data.subarray(0, 3 * MiB + 100));
  expect(first.status).toBe(204);
  expect(first.offset).toBe(3 * MiB); // rounded down to the last whole segment
  expect((await headUpload(client, location)).offset).toBe(3 * MiB);
  const head = await headUpload(client, location);
  expect(head.status).toBe(200);
  expect(head.headers.get("upload-length")).toBe(String(data.length));
  expect(head.headers.get("cache-control")).toContain("no-store");

  const second = await patchUpload(client, location, 3 * MiB, data.subarray(3 * MiB, 9 * MiB + 7));
  expect(second.offset).toBe(9 * MiB);
  const last = await patchUpload(client, location, 9 * MiB, data.subarray(9 * MiB));
  expect(last.status).toBe(204);
  expect(last.offset).toBe(data.length);
  expect(last.fileId).toEqual(expect.any(String));

  const file = await db.file.findUniqueOrThrow({ where: { id: last.fileId! } });
  expect(file).toMatchObject({ name: "video.bin", size: BigInt(data.length), ownerId: user.id, sha256: sha256(data) });
  // Every request went to this node, which kept the hash of what was stored between them: nothing was read back.
  expect(server.logs()).not.toContain("resumable upload hashed from its stored blob");
  const got = await download(client, file.id);
  expect(got.status).toBe(200);
  expect(got.sha256).toBe(sha256(data));
  // The reservation became used quota; nothing unfinished is left.
  expect(await reserved(user.id)).toBe(0);
  expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).storageUsed).toBe(BigInt(data.length));
  expect(await unfinishedWrites()).toEqual([]);
  // A client that lost the last answer asks again: the upload is complete, and names its file.
  const again = await headUpload(client, location);
  expect(again).toMatchObject({ status: 200, offset: data.length, fileId: file.id });
});

it("takes a whole file in the creation request, and an empty file with no request at all", async () => {
  const { client } = await signedIn();
  const data = bytesOf("creation-with-upload", 700 * KiB + 3);
  const created = await createUpload(client, { length: data.length, name: "whole.bin", body: data });
  expect(created.status).toBe(201);
  expect(created.offset).toBe(data.length);
  const got = await download(client, created.fileId!);
  expect(got.sha256).toBe(sha256(data));

  const empty = await createUpload(client, { length: 0, name: "empty.txt" });
  expect(empty).toMatchObject({ status: 201, offset: 0, fileId: expect.any(String) });
  expect((await download(client, empty.fileId!)).received).toBe(0);
});

it("keeps what a request that was cut off brought in whole segments, and hashes the file once it is whole", async () => {
  const { client } = await signedIn();
  const data = bytesOf("cut-off", 2 * MiB + 999);
  const { location } = await createUpload(client, { length: data.length, name: "cut.bin" });
  const request = manualRequest(server.url, {
    path: location!,
    method: "PATCH",
    headers: { ...TUS, cookie: cookieHeader(client), "Content-Type": OFFSET_TYPE, "Upload-Offset": "0" },
  });
  await request.write(data.subarray(0, MiB + 5_000));
  // Once the server has taken them: then the client goes.
  await new Promise((resolve) => setTimeout(resolve, 500));
  request.destroy();
  expect(await waitFor(async () => ((await headUpload(client, location!)).offset ?? 0) > 0, 10_000)).toBe(true);
  const kept = (await headUpload(client, location!)).offset!;
  expect(kept % SEGMENT).toBe(0);
  // A client gone mid-request is what resumable uploads are for: no server error in the log for it.
  expect(server.logs()).not.toMatch(/"level":50|resumable upload request failed/);
  expect(kept).toBeLessThanOrEqual(MiB + 5_000);
  // The lock went with the request: the upload goes on from where it stands.
  const done = await sendAll(client, location!, data, 4 * MiB);
  const got = await download(client, done.fileId!);
  expect(got.sha256).toBe(sha256(data));
  expect((await db.file.findUniqueOrThrow({ where: { id: done.fileId! } })).sha256).toBe(sha256(data));
});

it("refuses a second writer while one writes, and interleaves nothing", async () => {
  const { client } = await signedIn();
  const data = bytesOf("two-writers", MiB + 17);
  const { location } = await createUpload(client, { length: data.length, name: "race.bin" });
  const slow = manualRequest(server.url, {
    path: location!,
    method: "PATCH",
    headers: {
      ...TUS,
      cookie: cookieHeader(client),
      "Content-Type": OFFSET_TYPE,
      "Upload-Offset": "0",
      "Content-Length": String(data.length),
    },
  });
  await slow.write(data.subarray(0, 300 * KiB));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const second = await patchUpload(client, location!, 0, bytesOf("intruder", 200 * KiB));
  expect(second.status).toBe(423);
  expect(JSON.parse(second.body).error).toMatch(/another request is writing/i);
  await slow.write(data.subarray(300 * KiB));
  slow.end();
  const outcome = await slow.outcome;
  expect(outcome).toMatchObject({ kind: "response", status: 204 });
  const fileId = outcome.kind === "response" ? (outcome.headers["coffer-file-id"] as string) : "";
  expect((await download(client, fileId)).sha256).toBe(sha256(data));
});

it("answers every refusal with its status, and leaves the upload as it was", async () => {
  const { user, client } = await signedIn();
  const data = bytesOf("refusals", 300 * KiB);
  const { location } = await createUpload(client, { length: data.length, name: "r.bin" });
  const before = await headUpload(client, location!);
  // Not where the upload stands.
  expect((await patchUpload(client, location!, 64 * KiB, data.subarray(64 * KiB))).status).toBe(409);
  // Not tus, not the right type, no offset.
  expect(
    (
      await client.fetch(location!, {
        method: "PATCH",
        headers: { "Content-Type": OFFSET_TYPE, "Upload-Offset": "0" },
        body: new Uint8Array(data),
      })
    ).status,
  ).toBe(412);
  expect((await patchUpload(client, location!, 0, data, { "Content-Type": "application/octet-stream" })).status).toBe(415);
  expect(
    (await client.fetch(location!, { method: "PATCH", headers: { ...TUS, "Content-Type": OFFSET_TYPE }, body: new Uint8Array(data) }))
      .status,
  ).toBe(400);
  // More than the upload's length, declared or not.
  expect((await patchUpload(client, location!, 0, Buffer.concat([data, Buffer.alloc(10)]))).status).toBe(413);
  expect(await headUpload(client, location!)).toMatchObject({ status: 200, offset: before.offset });
  // Creation refusals: too large, over the quota, blocked, nameless, deferred, malformed.
  expect((await createUpload(client, { length: MAX_FILE_SIZE + 1, name: "big.bin" })).status).toBe(413);
  const big = await createUpload(client, { length: MAX_FILE_SIZE, name: "a.bin" });
  const second = await createUpload(client, { length: MAX_FILE_SIZE, name: "b.bin" });
  expect(big.status).toBe(201);
  expect(second.status).toBe(413);
  expect(JSON.parse(second.body).error).toMatch(/quota/);
  expect((await createUpload(client, { length: 10, name: "setup.exe" })).status).toBe(415);
  const nameless = await client.fetch("/api/uploads", { method: "POST", headers: { ...TUS, "Upload-Length": "10" } });
  expect(nameless.status).toBe(400);
  const deferred = await client.fetch("/api/uploads", {
    method: "POST",
    headers: { ...TUS, "Upload-Defer-Length": "1", "Upload-Metadata": metadata({ filename: "x.bin" }) },
  });
  expect(deferred.status).toBe(400);
  for (const length of ["-1", "1e3", "0x10", "", "99999999999999999999"]) {
    const response = await client.fetch("/api/uploads", {
      method: "POST",
      headers: { ...TUS, "Upload-Length": length, "Upload-Metadata": metadata({ filename: "x.bin" }) },
    });
    expect(response.status).toBe(400);
  }
  const malformed = await client.fetch("/api/uploads", {
    method: "POST",
    headers: { ...TUS, "Upload-Length": "10", "Upload-Metadata": "filename not*base64" },
  });
  expect(malformed.status).toBe(400);
  // A cross-site request with the cookie is refused.
  const crossSite = await client.fetch("/api/uploads", {
    method: "POST",
    headers: { ...TUS, "Upload-Length": "10", "Upload-Metadata": metadata({ filename: "x.bin" }), Origin: "https://evil.example" },
  });
  expect(crossSite.status).toBe(403);
  // Only the two accepted creations hold reservations.
  expect(await reserved(user.id)).toBe(data.length + MAX_FILE_SIZE);
});

it("refuses content that is not what its name says before any of it is stored, and drops the upload", async () => {
  const { user, client } = await signedIn();
  const page = Buffer.concat([HTML_PAGE, Buffer.alloc(100 * KiB, 0x20)]);
  const { location } = await createUpload(client, { length: page.length, name: "photo.png" });
  const refused = await patchUpload(client, location!, 0, page);
  expect(refused.status).toBe(415);
  expect((await headUpload(client, location!)).status).toBe(404);
  expect(await reserved(user.id)).toBe(0);
});

it("is a 404 for another user's upload on every method, and for one that never was", async () => {
  const { client: alice } = await signedIn();
  const { client: bob } = await signedIn();
  const data = bytesOf("not-yours", 200 * KiB);
  const { location } = await createUpload(alice, { length: data.length, name: "mine.bin" });
  for (const target of [location!, "/api/uploads/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/api/uploads/..%2F..%2Fetc"]) {
    expect((await headUpload(bob, target)).status).toBe(404);
    expect((await patchUpload(bob, target, 0, data)).status).toBe(404);
    expect((await deleteUpload(bob, target)).status).toBe(404);
  }
  // Signed out: nothing at all.
  expect((await headUpload(new Client(server.url), location!)).status).toBe(401);
  // Alice's upload is untouched.
  expect(await headUpload(alice, location!)).toMatchObject({ status: 200, offset: 0 });
});

it("terminates an upload with everything it wrote and its reservation", async () => {
  const { user, client } = await signedIn();
  const data = bytesOf("terminate", 6 * MiB);
  const { location } = await createUpload(client, { length: data.length, name: "gone.bin" });
  expect((await patchUpload(client, location!, 0, data.subarray(0, 5 * MiB + 70 * KiB))).offset).toBe(5 * MiB + 64 * KiB);
  const blobs = await storedBlobs();
  expect((await deleteUpload(client, location!)).status).toBe(204);
  expect((await headUpload(client, location!)).status).toBe(404);
  expect(await reserved(user.id)).toBe(0);
  expect(await waitFor(async () => (await unfinishedWrites()).length === 0, 5_000)).toBe(true);
  expect(await storedBlobs()).toEqual(blobs);
});

it("sweeps an expired upload with its bytes and reservation, and keeps a paused live one", async () => {
  const { user, client } = await signedIn();
  const data = bytesOf("expiry", 6 * MiB);
  const paused = await createUpload(client, { length: data.length, name: "paused.bin" });
  const expired = await createUpload(client, { length: data.length, name: "expired.bin" });
  for (const { location } of [paused, expired]) {
    expect((await patchUpload(client, location!, 0, data.subarray(0, 5 * MiB + 1000))).offset).toBe(5 * MiB);
  }
  const before = await storageState(user.id);
  const expiredId = expired.location!.split("/").pop()!;
  const row = await db.resumableUpload.findUniqueOrThrow({ where: { id: expiredId } });
  const past = new Date(Date.now() - 1000);
  await db.resumableUpload.update({ where: { id: expiredId }, data: { expiresAt: past } });
  await db.pendingBlob.update({ where: { storageKey: row.storageKey! }, data: { leaseUntil: past } });

  await sweepStorage();
  expect(await db.resumableUpload.count({ where: { id: expiredId } })).toBe(0);
  expect((await headUpload(client, expired.location!)).status).toBe(404);
  expect(await reserved(user.id)).toBe(data.length);
  expect((await unfinishedWrites()).filter((write) => write.name === row.storageKey)).toEqual([]);
  // The paused one goes on, and finishes.
  expect((await headUpload(client, paused.location!)).offset).toBe(5 * MiB);
  const done = await sendAll(client, paused.location!, data, 8 * MiB);
  expect((await download(client, done.fileId!)).sha256).toBe(sha256(data));
  expect((await storageState(user.id)).storageUsed).toBe(before.storageUsed + BigInt(data.length));
});
