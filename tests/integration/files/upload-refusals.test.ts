// Uploads the server must refuse or survive: too large (with and without Content-Length), over quota,
// malformed multipart, clients that disconnect mid-upload, hostile names, spoofed types and blocked
// extensions. Each refusal must leave nothing behind (no temporary file, no blob, no row, no quota
// used) and the server must keep serving.
import { parse as parseDisposition } from "content-disposition";
import { db } from "@/lib/db";
import { toDisplayName } from "@/lib/files/display-name";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { createUser } from "../../support/factories";
import { expectSafeDisplayName } from "../../support/display-name-rules";
import { bytesOf, HTML_PAGE, jpegHead, pseudoRandomChunks, sha256, SVG_IMAGE, tinyPng } from "../../support/sample-files";
import {
  cookieHeader,
  download,
  expectNothingKept,
  multipartBody,
  multipartEnd,
  multipartType,
  newBoundary,
  partHead,
  rawPost,
  storageState,
  uploadOk,
  waitFor,
  type Part,
} from "../../support/upload";
import { hasBlob, storedBlobs, storedPreviews, unfinishedWrites, writeUnderWay } from "../../support/storage";

jest.setTimeout(60_000);

const KiB = 1024;
const MiB = 1024 * KiB;
const MAX_FILE_SIZE = 1 * MiB;
const USER_QUOTA = 4 * MiB;

type User = Awaited<ReturnType<typeof createUser>>;
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { MAX_FILE_SIZE: String(MAX_FILE_SIZE), USER_QUOTA: String(USER_QUOTA) } });
});

afterAll(async () => {
  await server?.stop();
});

async function signedIn(): Promise<{ user: User; client: Client }> {
  const user = await createUser();
  const client = new Client(server.url);
  expect(await client.signIn(user.username, user.password)).toBe(true);
  return { user, client };
}

type Outcome =
  { kind: "response"; status: number; body: string } | { kind: "dropped"; error: Error } | { kind: "aborted-by-client"; written: number };

/**
 * Sends a whole body with Content-Length on a connection of its own. After refusing an upload it has not
 * read to the end, the server answers "keep-alive" but neither drains the rest nor closes the connection,
 * so the next request on it hangs until the keep-alive timeout resets it (a known defect, reported): a
 * refusal sent through fetch's shared pool would break whichever request reuses its connection next.
 */
function sendBody(client: Client, body: Buffer, contentType: string): Promise<Outcome> {
  return rawPost(server.url, {
    path: "/api/files",
    headers: { cookie: cookieHeader(client), "content-type": contentType, "content-length": String(body.length) },
    body: [body],
  });
}

function send(client: Client, parts: Part[]): Promise<Outcome> {
  const { body, contentType } = multipartBody(parts);
  return sendBody(client, body, contentType);
}

/** A body, framed as one multipart file of `size` pseudo-random bytes, produced chunk by chunk. */
function* streamedFile(boundary: string, filename: string, size: number, seed = filename): Generator<Buffer> {
  yield partHead(boundary, { filename });
  yield* pseudoRandomChunks(seed, size, 64 * KiB);
  yield multipartEnd(boundary);
}

function expectRefused(outcome: Outcome, status: number, message?: RegExp) {
  if (outcome.kind !== "response") throw new Error(`expected a ${status} answer, the connection ended: ${JSON.stringify(outcome)}`);
  expect(outcome.status).toBe(status);
  const body = JSON.parse(outcome.body) as { error?: string; files?: unknown };
  expect(body.files).toBeUndefined();
  expect(body).toEqual({ error: expect.any(String) });
  if (message) expect(body.error).toMatch(message);
}

/** For bodies the server may refuse before reading them all: a 413 answer, or a dropped connection. */
function expectRefusedOrDropped(outcome: Outcome, status: number, message?: RegExp) {
  if (outcome.kind === "dropped") return;
  expectRefused(outcome, status, message);
}

/** The server still accepts and serves an upload after whatever just happened. */
async function expectServerStillServes() {
  const { client } = await signedIn();
  const data = bytesOf(`probe-${Date.now()}`, 1000);
  const [file] = await uploadOk(client, [{ filename: "probe.bin", data }]);
  const got = await download(client, file.id);
  expect(got.status).toBe(200);
  expect(got.sha256).toBe(sha256(data));
}

describe("size limits", () => {
  let uploader: { user: User; client: Client };
  beforeAll(async () => {
    uploader = await signedIn();
  });

  it("accepts a file of exactly MAX_FILE_SIZE bytes", async () => {
    const data = bytesOf("exact-limit", MAX_FILE_SIZE);
    const [file] = await uploadOk(uploader.client, [{ filename: "limit.bin", data }]);
    expect(file).toMatchObject({ size: MAX_FILE_SIZE, sha256: sha256(data) });
  });

  it("refuses one byte more, sent with Content-Length, with 413 and keeps nothing", async () => {
    const before = await storageState(uploader.user.id);
    const outcome = await send(uploader.client, [{ filename: "too-big.bin", data: bytesOf("over", MAX_FILE_SIZE + 1) }]);
    expectRefused(outcome, 413, /larger than the 1 MiB limit/);
    await expectNothingKept(before, uploader.user.id);
    await expectServerStillServes();
  });

  it("refuses a body whose Content-Length alone is far over the limit", async () => {
    const before = await storageState(uploader.user.id);
    const boundary = newBoundary();
    const size = 30 * MiB;
    const head = partHead(boundary, { filename: "huge.bin" });
    const end = multipartEnd(boundary);
    const outcome = await rawPost(server.url, {
      path: "/api/files",
      headers: {
        cookie: cookieHeader(uploader.client),
        "content-type": multipartType(boundary),
        "content-length": String(head.length + size + end.length),
      },
      body: (function* () {
        yield head;
        yield* pseudoRandomChunks("huge", size, 256 * KiB);
        yield end;
      })(),
    });
    expectRefusedOrDropped(outcome, 413, /limit|quota/i);
    await expectNothingKept(before, uploader.user.id);
    await expectServerStillServes();
  });

  it("refuses an oversize file streamed without Content-Length", async () => {
    const before = await storageState(uploader.user.id);
    const boundary = newBoundary();
    const outcome = await rawPost(server.url, {
      path: "/api/files",
      headers: { cookie: cookieHeader(uploader.client), "content-type": multipartType(boundary) }, // chunked
      body: streamedFile(boundary, "chunked.bin", 3 * MiB),
    });
    expectRefusedOrDropped(outcome, 413, /larger than the 1 MiB limit/);
    await expectNothingKept(before, uploader.user.id);
    await expectServerStillServes();
  });

  it("refuses one byte over MAX_FILE_SIZE streamed without Content-Length", async () => {
    const before = await storageState(uploader.user.id);
    const boundary = newBoundary();
    const outcome = await rawPost(server.url, {
      path: "/api/files",
      headers: { cookie: cookieHeader(uploader.client), "content-type": multipartType(boundary) },
      body: streamedFile(boundary, "one-over.bin", MAX_FILE_SIZE + 1),
    });
    // The whole body is small enough to be read before the answer: no reason to drop it.
    expectRefused(outcome, 413, /larger than the 1 MiB limit/);
    await expectNothingKept(before, uploader.user.id);
  });
});

describe("quota", () => {
  it("refuses any byte beyond a full quota, with and without Content-Length", async () => {
    const { user, client } = await signedIn();
    for (let i = 0; i < USER_QUOTA / MAX_FILE_SIZE; i++) {
      await uploadOk(client, [{ filename: `fill-${i}.bin`, data: bytesOf(`fill-${i}`, MAX_FILE_SIZE) }]);
    }
    const before = await storageState(user.id);
    expect(before.storageUsed).toBe(BigInt(USER_QUOTA));

    expectRefused(await send(client, [{ filename: "one-more.bin", data: "x" }]), 413, /quota/i);
    await expectNothingKept(before, user.id);

    const boundary = newBoundary();
    const chunked = await rawPost(server.url, {
      path: "/api/files",
      headers: { cookie: cookieHeader(client), "content-type": multipartType(boundary) },
      body: streamedFile(boundary, "one-more.bin", 1),
    });
    expectRefused(chunked, 413, /quota/i);
    await expectNothingKept(before, user.id);
    await expectServerStillServes();
  });

  it("refuses a request whose files fit one by one but not together, and keeps none of them", async () => {
    const { user, client } = await signedIn();
    const parts = Array.from({ length: 5 }, (_, i) => ({ filename: `batch-${i}.bin`, data: bytesOf(`batch-${i}`, 900 * KiB) }));
    const before = await storageState(user.id);

    // With Content-Length the server can refuse from the header alone.
    expectRefused(await send(client, parts), 413, /quota/i);
    await expectNothingKept(before, user.id);

    // Streamed, the first four files are stored before the fifth runs out of quota: they must be removed again.
    const boundary = newBoundary();
    let firstFourStored = false;
    const chunked = await rawPost(server.url, {
      path: "/api/files",
      headers: { cookie: cookieHeader(client), "content-type": multipartType(boundary) },
      body: (async function* () {
        for (const [i, part] of parts.entries()) {
          yield partHead(boundary, part, i === 0); // also ends the part before it
          if (i === 4) firstFourStored = await waitFor(async () => (await storedBlobs()).length === before.blobs.length + 4);
          yield part.data as Buffer;
        }
        yield multipartEnd(boundary);
      })(),
    });
    // Refused mid-body: the answer may not reach a client that is still sending.
    expectRefusedOrDropped(chunked, 413, /quota/i);
    expect(firstFourStored).toBe(true); // the refusal came after real blobs were written
    await expectNothingKept(before, user.id);
    await expectServerStillServes();
  });

  it("lets only one of two concurrent uploads take the last room", async () => {
    const { user, client } = await signedIn();
    for (let i = 0; i < 3; i++) await uploadOk(client, [{ filename: `room-${i}.bin`, data: bytesOf(`room-${i}`, MAX_FILE_SIZE) }]);
    const before = await storageState(user.id);
    const size = 700 * KiB; // either fits in the 1 MiB left, both do not
    const outcomes = await Promise.all([
      send(client, [{ filename: "racer-a.bin", data: bytesOf("racer-a", size) }]),
      send(client, [{ filename: "racer-b.bin", data: bytesOf("racer-b", size) }]),
    ]);
    const statuses = outcomes.map((o) => (o.kind === "response" ? o.status : o.kind)).sort();
    expect(statuses).toEqual([201, 413]);
    await waitFor(async () => (await unfinishedWrites()).length === 0 && (await storedBlobs()).length === before.blobs.length + 1);
    const after = await storageState(user.id);
    expect(after.storageUsed).toBe(before.storageUsed + BigInt(size));
    expect(after.fileRows).toBe(before.fileRows + 1);
    expect(after.blobs.length).toBe(before.blobs.length + 1);
    expect(await unfinishedWrites()).toEqual([]);
  });
});

describe("malformed multipart", () => {
  let uploader: { user: User; client: Client };
  beforeAll(async () => {
    uploader = await signedIn();
  });

  const post = (body: Buffer, contentType: string) => sendBody(uploader.client, body, contentType);

  it.each([
    ["a body that is not multipart", () => ({ body: Buffer.from("just bytes"), type: "application/octet-stream" }), 415],
    [
      "a multipart type without a boundary",
      () => ({ body: multipartBody([{ filename: "a.txt", data: "hello" }]).body, type: "multipart/form-data" }),
      400,
    ],
    [
      "a boundary that never occurs in the body",
      () => ({ body: multipartBody([{ filename: "a.txt", data: "hello" }]).body, type: multipartType("other-boundary") }),
      400,
    ],
    [
      "a truncated last part",
      () => {
        const boundary = newBoundary();
        return {
          body: Buffer.concat([partHead(boundary, { filename: "cut.bin" }), bytesOf("cut", 200 * KiB)]),
          type: multipartType(boundary),
        };
      },
      400,
    ],
    [
      "a complete file followed by a truncated one",
      () => {
        const boundary = newBoundary();
        const body = Buffer.concat([
          partHead(boundary, { filename: "whole.bin" }),
          bytesOf("whole", 300 * KiB),
          partHead(boundary, { filename: "cut.bin" }, false),
          bytesOf("cut-2", 100 * KiB),
        ]);
        return { body, type: multipartType(boundary) };
      },
      400,
    ],
    [
      "a part header with no colon",
      () => {
        const boundary = newBoundary();
        const { body } = multipartBody(
          [{ disposition: 'Content-Disposition form-data; name="file"; filename="a.txt"', data: "hello" }],
          boundary,
        );
        return { body, type: multipartType(boundary) };
      },
      400,
    ],
    [
      "a form with no file in it",
      () => {
        const boundary = newBoundary();
        const { body } = multipartBody(
          [{ disposition: 'Content-Disposition: form-data; name="note"', contentType: "text/plain", data: "hello" }],
          boundary,
        );
        return { body, type: multipartType(boundary) };
      },
      400,
    ],
    ["an empty body", () => ({ body: Buffer.alloc(0), type: multipartType(newBoundary()) }), 400],
  ])("answers %s with a 4xx and keeps nothing", async (_case, make, status) => {
    const before = await storageState(uploader.user.id);
    const { body, type } = make();
    expectRefused(await post(body, type), status);
    await expectNothingKept(before, uploader.user.id);
    await expectServerStillServes();
  });
});

describe("clients that disconnect mid-upload", () => {
  let uploader: { user: User; client: Client };
  beforeAll(async () => {
    uploader = await signedIn();
  });

  it.each([
    ["with Content-Length", true],
    ["with a chunked body", false],
  ])("leaves nothing behind when the socket closes mid-file (%s)", async (_case, declareLength) => {
    const before = await storageState(uploader.user.id);
    const boundary = newBoundary();
    const size = 900 * KiB;
    const head = partHead(boundary, { filename: "gone.bin" });
    const end = multipartEnd(boundary);
    let sawTemporaryFile = false;
    const outcome = await rawPost(server.url, {
      path: "/api/files",
      headers: {
        cookie: cookieHeader(uploader.client),
        "content-type": multipartType(boundary),
        ...(declareLength ? { "content-length": String(head.length + size + end.length) } : {}),
      },
      body: streamedFile(boundary, "gone.bin", size),
      abortAfter: head.length + 400 * KiB,
      // Disconnect only once the server is writing the file, so the cleanup is really exercised.
      beforeAbort: async () => {
        sawTemporaryFile = await waitFor(writeUnderWay);
      },
    });
    expect(outcome.kind).toBe("aborted-by-client");
    expect(sawTemporaryFile).toBe(true);
    await expectNothingKept(before, uploader.user.id);
    await expectServerStillServes();
  });

  it("removes the files already stored by the request when the client leaves during a later one", async () => {
    const before = await storageState(uploader.user.id);
    const boundary = newBoundary();
    const first = bytesOf("first", 300 * KiB);
    let sawFirstBlob = false;
    const outcome = await rawPost(server.url, {
      path: "/api/files",
      headers: { cookie: cookieHeader(uploader.client), "content-type": multipartType(boundary) },
      body: (function* () {
        yield partHead(boundary, { filename: "first.bin" });
        yield first;
        yield partHead(boundary, { filename: "second.bin" }, false);
        yield* pseudoRandomChunks("second", 900 * KiB, 64 * KiB);
        yield multipartEnd(boundary);
      })(),
      abortAfter: 300 * KiB + 600 * KiB,
      beforeAbort: async () => {
        sawFirstBlob = await waitFor(async () => (await storedBlobs()).length === before.blobs.length + 1 && (await writeUnderWay()));
      },
    });
    expect(outcome.kind).toBe("aborted-by-client");
    expect(sawFirstBlob).toBe(true);
    await expectNothingKept(before, uploader.user.id);
    await expectServerStillServes();
  });
});

describe("names and types", () => {
  let uploader: { user: User; client: Client };
  beforeAll(async () => {
    uploader = await signedIn();
  });

  const hostileNames = [
    "../../x",
    "..\\x",
    "../../../../etc/passwd",
    "%2e%2e%2f%2e%2e%2fsecret.txt",
    ".htaccess",
    "-rf --no-preserve-root",
    "a".repeat(300) + ".txt",
    "\u00e9\u65e5\u{1F600}".repeat(40) + ".txt",
    "invoice\u202Etxt.md",
    "a\r\nContent-Type: text/html\r\n.txt",
    "tab\there\u0000nul.txt",
    "CON",
    "con.txt",
    "/",
    "   ",
  ];

  it("stores hostile names as safe display names, and never lets a name choose a path", async () => {
    const before = await storageState(uploader.user.id);
    const everythingBefore = [...(await storedBlobs()), ...(await storedPreviews())];
    const parts: Part[] = hostileNames.map((filename, i) => ({ filename, data: `file ${i}\n` }));
    parts.push(
      { filename: "x.php%00.jpg", data: jpegHead() },
      { filename: "x.php\u0000.jpg", data: jpegHead() },
      // An empty name, the way a browser sends it.
      { filename: "", disposition: 'Content-Disposition: form-data; name="file"; filename=""', data: "no name\n" },
    );
    const files = await uploadOk(uploader.client, parts);
    expect(files).toHaveLength(parts.length);

    for (const [i, file] of files.entries()) {
      expectSafeDisplayName(file.name);
      const raw = parts[i].filename!;
      // Names without separators go through the display-name rules unchanged by the transport.
      if (!/[/\\]/.test(raw)) expect(file.name).toBe(toDisplayName(raw));
      const row = await db.file.findUniqueOrThrow({ where: { id: file.id } });
      expect(row.name).toBe(file.name);
      expect(row.storageKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(await hasBlob(row.storageKey)).toBe(true);
      // The download carries the stored name, safely encoded.
      const got = await download(uploader.client, file.id);
      expect(got.status).toBe(200);
      expect(got.sha256).toBe(sha256(Buffer.isBuffer(parts[i].data) ? parts[i].data : Buffer.from(parts[i].data)));
      const disposition = got.headers.get("content-disposition")!;
      expect(disposition).toMatch(/^attachment;[\x20-\x7e]*$/); // one printable ASCII line
      expect(parseDisposition(disposition).parameters.filename).toBe(file.name);
    }

    // The only new things in the store are the blobs, under their generated keys.
    const keys = (await db.file.findMany({ where: { id: { in: files.map((f) => f.id) } }, select: { storageKey: true } })).map(
      (r) => r.storageKey,
    );
    expect([...(await storedBlobs()), ...(await storedPreviews())].filter((name) => !everythingBefore.includes(name)).sort()).toEqual(
      keys.sort(),
    );
    expect(await unfinishedWrites()).toEqual([]);
    const after = await storageState(uploader.user.id);
    expect(after.fileRows).toBe(before.fileRows + parts.length);
  });

  it("accepts a real PNG named .png and records its detected type", async () => {
    const [file] = await uploadOk(uploader.client, [{ filename: "dot.png", data: tinyPng(), contentType: "text/html" }]);
    expect(file.mimeType).toBe("image/png");
    const got = await download(uploader.client, file.id);
    expect(got.headers.get("content-type")).toBe("image/png");
  });

  it.each([
    ["an HTML page named .png", [{ filename: "photo.png", data: HTML_PAGE, contentType: "image/png" }], /not a \.png file/],
    ["an SVG with a script named .png", [{ filename: "logo.png", data: SVG_IMAGE, contentType: "image/png" }], /not a \.png file/],
    ["a PNG named .jpg", [{ filename: "photo.jpg", data: tinyPng() }], /not a \.jpg file/],
    ["an HTML page named .PNG with trailing dots", [{ filename: "photo.PNG..", data: HTML_PAGE }], /not a \.png file/],
    [
      "a spoofed file after a good one",
      [
        { filename: "good.txt", data: "fine" },
        { filename: "photo.png", data: HTML_PAGE },
      ],
      /not a \.png file/,
    ],
    ["a .php file", [{ filename: "shell.php", data: "<?php system($_GET['c']);" }], /\.php are not accepted/],
    ["a .PHP file with a trailing dot", [{ filename: "shell.PHP.", data: "<?php" }], /\.php are not accepted/],
    ["an .exe hidden by a right-to-left override", [{ filename: "invoice\u202Efdp.exe", data: "MZ" }], /\.exe are not accepted/],
    [
      "a blocked file after a good one",
      [
        { filename: "good.txt", data: bytesOf("good", 200 * KiB) },
        { filename: "run.sh", data: "#!/bin/sh" },
      ],
      /\.sh are not accepted/,
    ],
  ] as [string, Part[], RegExp][])("refuses %s with 415 and stores nothing", async (_case, parts, message) => {
    const before = await storageState(uploader.user.id);
    expectRefused(await send(uploader.client, parts), 415, message);
    await expectNothingKept(before, uploader.user.id);
  });
});
