// Parts the server stops reading before their end: a refused part, and a client that leaves after a whole file and
// the head of the next one. The second part is still waiting for the
// first to be stored when the connection goes, so the parser ends it with "Unexpected end of file": that is this
// upload's failure, answered and cleaned up like any other, never an error nobody listens for (which Node reports as
// an uncaught exception in the server's log). Afterwards nothing of the upload is left.
import net from "node:net";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { member, type Member } from "../../support/sharing";
import { bytesOf } from "../../support/sample-files";
import { cookieHeader, newBoundary, partHead, storageState, upload, waitFor } from "../../support/upload";
import { unfinishedWrites } from "../../support/storage";

jest.setTimeout(120_000);

let server: TestServer;
let owner: Member;

beforeAll(async () => {
  server = await startServer({ env: { MAX_CONCURRENT_UPLOADS: "20" } });
  owner = await member(server);
});

afterAll(async () => {
  await server?.stop();
});

/** Sends the request and body, then closes the connection at once. */
function sendAndLeave(request: Buffer): Promise<void> {
  const url = new URL(server.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(request, () => {
        socket.destroy();
        resolve();
      });
    });
    socket.on("error", () => resolve());
  });
}

it("20 clients gone just after a second part's head leave nothing behind and no uncaught error in the log", async () => {
  const before = await storageState(owner.id);
  const first = bytesOf("between parts", 3 * 1024 * 1024 + 11);
  for (let round = 0; round < 4; round++) {
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => {
        const boundary = newBoundary();
        const body = Buffer.concat([
          partHead(boundary, { filename: `first-${round}-${i}.bin` }),
          first,
          partHead(boundary, { filename: `second-${round}-${i}.bin` }, false),
          Buffer.from("the start of the second file"),
        ]);
        const head =
          `POST /api/files HTTP/1.1\r\nHost: localhost\r\nCookie: ${cookieHeader(owner.client)}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length + 1000}\r\n\r\n`;
        return sendAndLeave(Buffer.concat([Buffer.from(head), body]));
      }),
    );
  }
  expect(await waitFor(async () => (await db.pendingBlob.count()) === 0 && (await unfinishedWrites()).length === 0, 20_000)).toBe(true);
  const after = await storageState(owner.id);
  expect(after.blobs).toEqual(before.blobs);
  expect(after.fileRows).toBe(before.fileRows);
  expect(after.storageUsed).toBe(before.storageUsed);
  // Each request gives its upload slot back once the server has answered it, which on a busy machine can come after
  // the rows and files are gone: the next upload is accepted once the slots are back (429 until then), within 20 s.
  let afterwards: Response | null = null;
  const accepted = await waitFor(
    async () => {
      afterwards = await upload(owner.client, [{ filename: "afterwards.txt", data: "still here\n" }]);
      return afterwards.status !== 429;
    },
    20_000,
    250,
  );
  expect(accepted).toBe(true);
  expect(afterwards!.status).toBe(201);
  expect(server.logs()).not.toMatch(/Unexpected end of file|uncaught/i);
});

it("a refused part (a blocked type after a good file) is answered and logs no uncaught error", async () => {
  // A user of its own: the first test's user may still be getting its upload slots back.
  const owner = await member(server);
  const before = await storageState(owner.id);
  for (let i = 0; i < 5; i++) {
    const response = await upload(owner.client, [
      { filename: `fine-${i}.txt`, data: bytesOf("fine", 1024) },
      { filename: `tool-${i}.exe`, data: bytesOf("refused", 1024) },
      { filename: `after-${i}.txt`, data: "never read\n" },
    ]);
    expect(response.status).toBe(415);
    expect((await response.json()).error).toMatch(/\.exe/);
  }
  const after = await storageState(owner.id);
  expect(after.blobs).toEqual(before.blobs);
  expect(after.fileRows).toBe(before.fileRows);
  expect(server.logs()).not.toMatch(/Unexpected end of file|uncaught/i);
});
