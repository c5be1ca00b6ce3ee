// The storage sweep and uploads under way. A blob an upload holds is never swept, however long the upload
// takes: here the server sweeps every second while the second part of a two-file upload stalls. Abandoned
// uploads (their lease ran out) go with their rows (blobs and unfinished writes: temporary files, or multipart uploads
// on S3); another server's live uploads (their lease runs) are left alone.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { member, type Member } from "../../support/sharing";
import { bytesOf, sha256 } from "../../support/sample-files";
import {
  cookieHeader,
  download,
  manualRequest,
  multipartEnd,
  multipartType,
  newBoundary,
  partHead,
  waitFor,
  type UploadedFile,
} from "../../support/upload";
import { hasBlob, leaveUnfinishedWrite, storageDriver, storedBlobs, unfinishedWrites, writeStoredBlob } from "../../support/storage";

const KiB = 1024;
const NODE_NAME = "sweep-test-node";
let server: TestServer;
let owner: Member;

beforeAll(async () => {
  server = await startServer({ env: { SWEEP_INTERVAL_SECONDS: "1", NODE_NAME } });
  owner = await member(server);
});

afterAll(async () => {
  await server?.stop();
});

/** A blob whose deletion is recorded (a delete the server crashed in), which the next sweep removes: proof that a sweep ran. */
async function plantOrphan(): Promise<string> {
  const key = randomBytes(16).toString("hex");
  await writeStoredBlob(key, "orphan");
  await db.blobDeletion.create({ data: { storageKey: key, store: storageDriver() } });
  return key;
}
const unfinishedNames = async () => (await unfinishedWrites()).map((write) => write.name);

it("keeps the first file of a two-file upload through several sweeps while the second part stalls; both download byte-exact", async () => {
  const first = bytesOf("sweep-first", 300 * KiB);
  const second = bytesOf("sweep-second", 200 * KiB);
  const blobsBefore = await storedBlobs();
  const boundary = newBoundary();
  const request = manualRequest(server.url, {
    path: "/api/files",
    headers: { cookie: cookieHeader(owner.client), "content-type": multipartType(boundary) },
  });
  await request.write(partHead(boundary, { filename: "first.bin" }));
  await request.write(first);
  await request.write(partHead(boundary, { filename: "second.bin" }, false)); // ends the first part
  await request.write(second.subarray(0, 1000));

  // The first part's blob is in place, recorded as pending, and no row names it yet.
  expect(await waitFor(async () => (await storedBlobs()).length === blobsBefore.length + 1, 10_000)).toBe(true);
  const [firstKey] = (await storedBlobs()).filter((blob) => !blobsBefore.includes(blob));
  expect(await db.pendingBlob.findUnique({ where: { storageKey: firstKey } })).toMatchObject({ userId: owner.id, holder: NODE_NAME });
  expect(await db.file.count({ where: { storageKey: firstKey } })).toBe(0);

  // Three sweeps run while the second part waits: each removes an orphan planted before it.
  for (let sweep = 0; sweep < 3; sweep++) {
    const orphan = await plantOrphan();
    expect(await waitFor(async () => !(await hasBlob(orphan)), 15_000)).toBe(true);
    expect(await hasBlob(firstKey)).toBe(true);
  }

  await request.write(second.subarray(1000));
  await request.write(multipartEnd(boundary));
  request.end();
  const outcome = await request.outcome;
  if (outcome.kind !== "response") throw outcome.error;
  expect(outcome.status).toBe(201);
  const files = (JSON.parse(outcome.body) as { files: UploadedFile[] }).files;
  expect(files.map((f) => f.name)).toEqual(["first.bin", "second.bin"]);
  for (const [file, data] of [
    [files[0], first],
    [files[1], second],
  ] as const) {
    const got = await download(owner.client, file.id);
    expect(got.status).toBe(200);
    expect(got.sha256).toBe(sha256(data));
  }
  expect(await db.pendingBlob.count({ where: { userId: owner.id } })).toBe(0);
});

it("removes an upload whose lease ran out (blob, unfinished write, row, reservation) and leaves another server's live one", async () => {
  const mine = randomBytes(16).toString("hex");
  const theirs = randomBytes(16).toString("hex");
  const rowless = randomBytes(16).toString("hex");
  // Another server's live upload has its row before its first byte, as every upload does (the server sweeps every
  // second, and on a busy machine writing these takes longer than that: a blob or an unfinished write without a row
  // is fair game for the sweep).
  await db.pendingBlob.create({
    data: {
      storageKey: theirs,
      userId: owner.id,
      holder: "another-server",
      store: storageDriver(),
      reservedBytes: 7n,
      leaseUntil: new Date(Date.now() + 10 * 60_000),
    },
  });
  for (const key of [mine, theirs]) await writeStoredBlob(key, "half an upload");
  // Unfinished writes: this server's abandoned upload, another server's live one, and one no row names at all.
  for (const key of [mine, theirs, rowless]) await leaveUnfinishedWrite(key);
  // An upload died after writing: its row (naming the store it wrote to, as every upload's does) is left with
  // nothing holding it, and its lease ran out.
  await db.pendingBlob.create({
    data: {
      storageKey: mine,
      userId: owner.id,
      holder: NODE_NAME,
      store: storageDriver(),
      reservedBytes: 5_000_000n,
      leaseUntil: new Date(Date.now() - 1000),
    },
  });

  expect(await waitFor(async () => (await db.pendingBlob.count({ where: { storageKey: mine } })) === 0, 15_000)).toBe(true);
  expect(
    await waitFor(
      async () => !(await hasBlob(mine)) && !(await unfinishedNames()).some((name) => name === mine || name === rowless),
      15_000,
    ),
  ).toBe(true);
  // The reservation went with the row: only the other server's 7 bytes are still claimed.
  const reserved = await db.pendingBlob.aggregate({ where: { userId: owner.id }, _sum: { reservedBytes: true } });
  expect(reserved._sum.reservedBytes).toBe(7n);
  expect(await hasBlob(theirs)).toBe(true);
  expect(await unfinishedNames()).toEqual([theirs]);
  await db.pendingBlob.delete({ where: { storageKey: theirs } });
  // Once no row names it, the other server's unfinished write goes too.
  expect(await waitFor(async () => (await unfinishedNames()).length === 0, 15_000)).toBe(true);
});
