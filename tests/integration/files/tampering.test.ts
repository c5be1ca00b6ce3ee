// A blob changed in the store must never come back as a clean, complete download: damage in the first segment
// (or a blob of the wrong size) answers 500 before any header; later damage aborts the transfer after
// only verified bytes. Each case tampers with the stored blob, downloads, then restores and re-checks it.
import { db } from "@/lib/db";
import { ciphertextSize, HEADER_SIZE, SEGMENT_SIZE, TAG_SIZE } from "@/lib/crypto/segmented-stream";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { createUser } from "../../support/factories";
import { bytesOf, sha256 } from "../../support/sample-files";
import { download, uploadOk, type ReadOutcome } from "../../support/upload";
import { readStoredBlob, removeStoredBlob, writeStoredBlob } from "../../support/storage";

const SIZE = 4 * SEGMENT_SIZE + 1_000; // four full segments and a short final one
const SEGMENTS = 5;
const plaintext = bytesOf("tamper", SIZE);

// Where segment i (its ciphertext followed by its tag) sits in the blob.
const segmentStart = (i: number) => HEADER_SIZE + i * (SEGMENT_SIZE + TAG_SIZE);
const segmentEnd = (i: number) => (i === SEGMENTS - 1 ? ciphertextSize(SIZE) : segmentStart(i + 1));
const segment = (blob: Buffer, i: number) => blob.subarray(segmentStart(i), segmentEnd(i));

jest.setTimeout(60_000);

let server: TestServer;
let client: Client;
let fileId: string;
let storageKey: string;
let original: Buffer;

beforeAll(async () => {
  server = await startServer();
  const owner = await createUser();
  client = new Client(server.url);
  expect(await client.signIn(owner.username, owner.password)).toBe(true);
  [{ id: fileId }] = await uploadOk(client, [{ filename: "tamper.bin", data: plaintext }]);
  const row = await db.file.findUniqueOrThrow({ where: { id: fileId } });
  storageKey = row.storageKey;
  original = await readStoredBlob(storageKey);
  expect(original.length).toBe(ciphertextSize(SIZE));
});

afterAll(async () => {
  await server?.stop();
});

afterEach(async () => {
  // Put the blob back and prove the file is whole again, so each case starts from a good blob
  // and a failure above cannot come from anything but the tampering.
  await writeStoredBlob(storageKey, original);
  const clean = await download(client, fileId);
  expect(clean.error).toBeUndefined();
  expect(clean.status).toBe(200);
  expect(clean.sha256).toBe(sha256(plaintext));
});

function flip(blob: Buffer, offset: number): Buffer {
  const copy = Buffer.from(blob);
  copy[offset] ^= 0x01;
  return copy;
}

function swap(blob: Buffer, a: number, b: number): Buffer {
  const parts = Array.from({ length: SEGMENTS }, (_, i) => segment(blob, i));
  [parts[a], parts[b]] = [parts[b], parts[a]];
  return Buffer.concat([blob.subarray(0, HEADER_SIZE), ...parts]);
}

function drop(blob: Buffer, i: number): Buffer {
  return Buffer.concat([blob.subarray(0, segmentStart(i)), blob.subarray(segmentEnd(i))]);
}

/** The client must never see the whole file with a clean end; any bytes it does get must be true ones. */
function expectNoCleanDownload(got: ReadOutcome) {
  // A transfer that just stops would leave the client hanging: the failure must be visible.
  expect(got.stalled).toBe(false);
  const declared = Number(got.headers.get("content-length") ?? NaN);
  const clean = got.status >= 200 && got.status < 300 && got.error === undefined && got.received === SIZE && got.received === declared;
  expect(clean).toBe(false);
  if (got.status >= 200 && got.status < 300) {
    expect(got.error !== undefined || got.received < declared).toBe(true);
    expect(got.received).toBeLessThan(SIZE);
    expect(got.bytes!.equals(plaintext.subarray(0, got.received))).toBe(true);
  }
}

/** Damage found before the answer starts: a 500 with a JSON message and none of the file. */
function expectRefusedBeforeHeaders(got: ReadOutcome) {
  expectNoCleanDownload(got);
  expect(got.status).toBe(500);
  expect(got.headers.get("content-disposition")).toBeNull();
  expect(JSON.parse(got.bytes!.toString("utf8"))).toEqual({ error: expect.any(String) });
}

/** Damage found mid-transfer: the answer started as a 200 and its body was cut off after verified bytes only. */
function expectAbortedMidTransfer(got: ReadOutcome, verifiedSegments: number) {
  expectNoCleanDownload(got);
  expect(got.status).toBe(200);
  expect(got.error).toBeDefined();
  expect(got.received).toBeLessThanOrEqual(verifiedSegments * SEGMENT_SIZE);
}

const tamperWith = (bytes: Buffer) => writeStoredBlob(storageKey, bytes);

describe("damage the first segment protects", () => {
  it.each([
    ["a flipped byte in the magic number", () => flip(original, 0)],
    ["a flipped byte in the header's nonce prefix", () => flip(original, HEADER_SIZE - 1)],
    ["a flipped byte in the first segment", () => flip(original, segmentStart(0) + 100)],
    ["a flipped byte in the first segment's tag", () => flip(original, segmentStart(1) - 1)],
    ["the first two segments swapped", () => swap(original, 0, 1)],
  ])("answers 500 before any header for %s", async (_case, tamper) => {
    await tamperWith(tamper());
    expectRefusedBeforeHeaders(await download(client, fileId));
  });
});

describe("damage in a later segment", () => {
  it.each([
    ["a flipped byte in the third segment", () => flip(original, segmentStart(2) + 5_000), 2],
    ["a flipped byte in the final segment's tag", () => flip(original, original.length - 1), 4],
    ["the second and third segments swapped", () => swap(original, 1, 2), 1],
    ["the second segment moved to the end (same size)", () => drop(Buffer.concat([original, segment(original, 1)]), 1), 1],
  ])("aborts the transfer after the verified part for %s", async (_case, tamper, verified) => {
    await tamperWith(tamper());
    expectAbortedMidTransfer(await download(client, fileId), verified);
  });

  it("answers 500 before any header when a range starts in the damaged segment", async () => {
    await tamperWith(flip(original, segmentStart(2) + 5_000));
    const got = await download(client, fileId, { headers: { range: `bytes=${2 * SEGMENT_SIZE + 10}-${2 * SEGMENT_SIZE + 20}` } });
    expectRefusedBeforeHeaders(got);
  });

  it("answers 500 for the last byte when the final segment's tag is damaged", async () => {
    await tamperWith(flip(original, original.length - 1));
    expectRefusedBeforeHeaders(await download(client, fileId, { headers: { range: "bytes=-1" } }));
  });
});

describe("a blob of the wrong size", () => {
  it.each([
    ["a middle segment dropped", () => drop(original, 2)],
    ["the final segment dropped", () => drop(original, SEGMENTS - 1)],
    ["a segment appended", () => Buffer.concat([original, segment(original, 1)])],
    ["one byte appended", () => Buffer.concat([original, Buffer.from([0])])],
    ["the last byte cut off", () => original.subarray(0, original.length - 1)],
    ["everything after the second segment cut off", () => original.subarray(0, segmentStart(2))],
    ["only the header left", () => original.subarray(0, HEADER_SIZE)],
    ["nothing left", () => Buffer.alloc(0)],
  ])("answers 500 before any header for %s", async (_case, tamper) => {
    await tamperWith(tamper());
    expectRefusedBeforeHeaders(await download(client, fileId));
    // A range in a part that is still intact is refused too: the blob as a whole is not trusted.
    expectRefusedBeforeHeaders(await download(client, fileId, { headers: { range: "bytes=0-9" } }));
  });

  it("answers 500 when the blob is missing", async () => {
    await removeStoredBlob(storageKey);
    expectRefusedBeforeHeaders(await download(client, fileId));
  });
});

describe("another file's blob in place", () => {
  it("does not decrypt under this file's key, even at the same size", async () => {
    const [{ id: otherId }] = await uploadOk(client, [{ filename: "other.bin", data: bytesOf("other", SIZE) }]);
    const other = await db.file.findUniqueOrThrow({ where: { id: otherId } });
    await tamperWith(await readStoredBlob(other.storageKey));
    expectRefusedBeforeHeaders(await download(client, fileId));
  });
});
