// What keeps one account from exhausting the disk or the server: a cap on uploads under way, quota claimed
// as bytes arrive (so parallel uploads cannot together overshoot it), a floor of free disk space, a cap on
// the number of files, and no form fields the upload form does not send.
import { db, readInOneSnapshot } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { member, type Member } from "../../support/sharing";
import { bytesOf } from "../../support/sample-files";
import {
  cookieHeader,
  expectNothingKept,
  manualRequest,
  multipartBody,
  multipartEnd,
  multipartType,
  newBoundary,
  partHead,
  storageState,
  upload,
  uploadOk,
  waitFor,
  type UploadedFile,
} from "../../support/upload";
import { testStore } from "../../support/storage";

const KiB = 1024;
const MiB = 1024 * KiB;

async function json(response: Response) {
  return { status: response.status, body: (await response.json()) as { error?: string; files?: UploadedFile[] } };
}

function slowUpload(server: TestServer, owner: Member, name: string) {
  const boundary = newBoundary();
  const request = manualRequest(server.url, {
    path: "/api/files",
    headers: { cookie: cookieHeader(owner.client), "content-type": multipartType(boundary) },
  });
  return {
    request,
    // The part header and a first byte: the parser announces a part once its data begins.
    start: () => request.write(Buffer.concat([partHead(boundary, { filename: name }), Buffer.from("x")])),
    finish: async (data: Buffer) => {
      await request.write(data);
      await request.write(multipartEnd(boundary));
      request.end();
      return request.outcome;
    },
  };
}

describe("with a cap of two uploads under way and a 4 MiB quota", () => {
  let server: TestServer;
  let owner: Member;

  beforeAll(async () => {
    server = await startServer({ env: { MAX_CONCURRENT_UPLOADS: "2", USER_QUOTA: String(4 * MiB), NODE_NAME: "floors-a" } });
    owner = await member(server);
  });
  afterAll(() => server?.stop());

  it("answers a third upload 429 with Retry-After while two run, keeps nothing of it, and takes it once one ends", async () => {
    const first = slowUpload(server, owner, "first.txt");
    const second = slowUpload(server, owner, "second.txt");
    await first.start();
    await second.start();
    expect(await waitFor(async () => (await db.pendingBlob.count({ where: { userId: owner.id } })) === 2, 10_000)).toBe(true);

    const before = await storageState(owner.id);
    const third = await upload(owner.client, [{ filename: "third.txt", data: "third\n" }]);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await third.json()).toEqual({ error: "You already have 2 uploads under way. Wait for one to finish, then try again." });
    expect((await storageState(owner.id)).fileRows).toBe(before.fileRows);

    for (const slow of [first, second]) {
      const outcome = await slow.finish(Buffer.from("done\n"));
      expect(outcome.kind === "response" && outcome.status).toBe(201);
    }
    expect((await uploadOk(owner.client, [{ filename: "third.txt", data: "third\n" }]))[0].name).toBe("third.txt");
  });

  it("keeps parallel streamed uploads within the quota at every moment: what does not fit is refused and removed", async () => {
    const other = await member(server);
    const before = await storageState(other.id);
    const peaks: bigint[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        // One snapshot: a commit moves a reservation into storageUsed in one transaction.
        const [user, reserved] = await readInOneSnapshot([
          db.user.findUniqueOrThrow({ where: { id: other.id }, select: { storageUsed: true } }),
          db.pendingBlob.aggregate({ where: { userId: other.id }, _sum: { reservedBytes: true } }),
        ]);
        peaks.push(user.storageUsed + (reserved._sum.reservedBytes ?? 0n));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    // Two at a time (the cap), three rounds: 1.5 MiB each, streamed without Content-Length in 64 KiB pieces.
    const results: (number | string)[] = [];
    for (let round = 0; round < 3; round++) {
      const outcomes = await Promise.all(
        [0, 1].map(async (i) => {
          const slow = slowUpload(server, other, `parallel-${round}-${i}.bin`);
          await slow.start();
          const data = bytesOf(`parallel-${round}-${i}`, 1.5 * MiB);
          for (let at = 0; at < data.length; at += 64 * KiB) {
            try {
              await slow.request.write(data.subarray(at, at + 64 * KiB));
            } catch {
              break; // refused mid-body: the server closed the connection
            }
          }
          return slow.finish(Buffer.alloc(0)).catch((error: Error) => ({ kind: "dropped" as const, error }));
        }),
      );
      results.push(...outcomes.map((o) => (o.kind === "response" ? o.status : o.kind)));
    }
    sampling = false;
    await sampler;
    // Two fit (3 MiB of 4), then the quota refuses the rest.
    expect(results.filter((r) => r === 201)).toHaveLength(2);
    expect(Math.max(...peaks.map(Number))).toBeLessThanOrEqual(4 * MiB);
    await waitFor(async () => (await db.pendingBlob.count({ where: { userId: other.id } })) === 0, 10_000);
    const after = await storageState(other.id);
    expect(after.storageUsed).toBe(before.storageUsed + BigInt(2 * (1.5 * MiB + 1))); // each began with one byte
    expect(after.fileRows).toBe(before.fileRows + 2);
  });

  it("refuses form fields the upload form never sends, and keeps nothing", async () => {
    const before = await storageState(owner.id);
    const { body, contentType } = multipartBody([
      { filename: "with-a-note.txt", data: "file\n" },
      { disposition: 'Content-Disposition: form-data; name="note"', contentType: "text/plain", data: "x".repeat(1000) },
    ]);
    const answer = await json(await owner.client.post("/api/files", new Uint8Array(body), { headers: { "content-type": contentType } }));
    expect(answer).toEqual({ status: 400, body: { error: "Send files only: the upload takes no other form fields." } });
    await expectNothingKept(before, owner.id);
  });
});

describe("with a floor of free disk space no disk has", () => {
  let server: TestServer;
  let owner: Member;

  beforeAll(async () => {
    server = await startServer({ env: { MIN_FREE_DISK: String(2 ** 50), NODE_NAME: "floors-b" } });
    owner = await member(server);
  });
  afterAll(() => server?.stop());

  it("refuses uploads with 507 and a clear message, and keeps nothing (where the store has a free-space limit)", async () => {
    const before = await storageState(owner.id);
    const answer = await json(await upload(owner.client, [{ filename: "no-room.txt", data: "no room\n" }]));
    if (!testStore().capabilities.freeSpace) {
      // An S3 bucket declares no free space to measure: the floor does not apply, and the upload is stored.
      expect(answer.status).toBe(201);
      return;
    }
    expect(answer).toEqual({
      status: 507,
      body: { error: "The server is running out of storage space, so it is not taking uploads now. Try again later." },
    });
    await expectNothingKept(before, owner.id);
  });
});

describe("with at most three files per account", () => {
  let server: TestServer;
  let owner: Member;

  beforeAll(async () => {
    server = await startServer({ env: { MAX_FILES_PER_USER: "3", NODE_NAME: "floors-c" } });
    owner = await member(server);
  });
  afterAll(() => server?.stop());

  it("takes files up to the cap, then refuses with 507, whole requests included, and keeps nothing", async () => {
    await uploadOk(owner.client, [{ filename: "one.txt", data: "" }]);
    await uploadOk(owner.client, [{ filename: "two.txt", data: "" }]);
    const before = await storageState(owner.id);
    // Two files when one place is left: neither is kept.
    const pair = await json(
      await upload(owner.client, [
        { filename: "three.txt", data: "" },
        { filename: "four.txt", data: "" },
      ]),
    );
    expect(pair.status).toBe(507);
    expect(pair.body.error).toBe("Your account holds 3 files, the most this server allows. Delete some to upload more.");
    await expectNothingKept(before, owner.id);
    await uploadOk(owner.client, [{ filename: "three.txt", data: "" }]);
    const full = await json(await upload(owner.client, [{ filename: "four.txt", data: "" }]));
    expect(full).toEqual({
      status: 507,
      body: { error: "Your account holds 3 files, the most this server allows. Delete some to upload more." },
    });
    expect(await db.file.count({ where: { ownerId: owner.id } })).toBe(3);
  });
});
