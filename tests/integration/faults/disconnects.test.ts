// Clients that leave at once. 200 downloads (own file and link, with and without a range across a segment
// boundary) and 400 uploads (gone after the headers, or after a part header) each connect, send their
// request and close the connection. Afterwards the server holds no descriptor it did not hold before, no
// link slot is claimed, nothing of the uploads is left, and normal transfers still work.
import net from "node:net";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { createLink, member, uploadFile, type CreatedLink, type Member } from "../../support/sharing";
import { bytesOf, sha256 } from "../../support/sample-files";
import { cookieHeader, download, newBoundary, partHead, storageState, uploadOk, waitFor, type UploadedFile } from "../../support/upload";
import { descriptorsBesidesDatabase } from "../../support/process-state";
import { openStorageHandles, unfinishedWrites } from "../../support/storage";

const KiB = 1024;
let server: TestServer;
let owners: Member[];
let file: UploadedFile;
let link: CreatedLink;
const data = bytesOf("disconnects", 1024 * KiB + 77);

beforeAll(async () => {
  // Several users and a cap of 20 parallel uploads each, so that every request reaches the handler (and a
  // leaked upload slot shows); X-Forwarded-For (trusted here) gives each link visitor an address of its own.
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1", MAX_CONCURRENT_UPLOADS: "20" } });
  owners = await Promise.all(Array.from({ length: 4 }, () => member(server)));
  file = await uploadFile(owners[0], "disconnects.bin", data);
  link = await createLink(owners[0], file.id, { maxDownloads: 1000 });
});

afterAll(async () => {
  await server?.stop();
});

let nextAddress = 1;

/** The figures the faults issue asks for, in the test output (not an assertion). */
const report = (line: string) => process.stdout.write(`  ${expect.getState().currentTestName}: ${line}\n`);

/** Connects, sends one request head (and any body bytes), and closes the connection at once. */
function sendAndLeave(head: string, body: Buffer = Buffer.alloc(0)): Promise<void> {
  const url = new URL(server.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(Buffer.concat([Buffer.from(head), body]), () => {
        socket.destroy();
        resolve();
      });
    });
    socket.on("error", () => resolve());
  });
}

async function inBatches(count: number, size: number, make: (i: number) => Promise<void>) {
  for (let start = 0; start < count; start += size) {
    await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, j) => make(start + j)));
  }
}

/**
 * The clients are gone at once, but the server may still be working through requests they sent (the session
 * check, the file's row, then the blob's open, each an await): a count that dips to the baseline between two of
 * them is not settled. Settled is the counts staying down for 1.5 s, within the same 20 s; then they are read.
 */
async function settledDescriptors(baseline: number) {
  const down = () => descriptorsBesidesDatabase(server.pid) <= baseline && openStorageHandles(server.pid).length === 0;
  const deadline = Date.now() + 20_000;
  let downSince: number | null = null;
  while (Date.now() < deadline) {
    if (!down()) downSince = null;
    else if (downSince === null) downSince = Date.now();
    else if (Date.now() - downSince >= 1_500) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { open: descriptorsBesidesDatabase(server.pid), storage: openStorageHandles(server.pid) };
}

async function quietBaseline(): Promise<number> {
  // Keep-alive sockets of earlier requests close within a few seconds.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return descriptorsBesidesDatabase(server.pid);
}

it("200 downloads whose clients leave at once hold no descriptor and no link slot afterwards", async () => {
  expect((await download(owners[0].client, file.id)).sha256).toBe(sha256(data));
  // Two downloads at once start the transfers' crypto threads (lib/crypto/segment-pool.ts), which then stay, with their
  // descriptors, as a pool does: the baseline has them, so the storm is measured against what it could leak.
  const held = await owners[0].client.fetch(`/api/files/${file.id}/download`);
  expect((await download(owners[0].client, file.id)).sha256).toBe(sha256(data));
  await held.body?.cancel();
  const baseline = await quietBaseline();
  const cookie = cookieHeader(owners[0].client);
  const crossing = "bytes=65000-70000"; // the first segment ends at 65535
  await inBatches(200, 20, (i) => {
    const ranged = i % 2 === 1 ? `Range: ${crossing}\r\n` : "";
    const head =
      i % 4 < 2
        ? `GET /api/files/${file.id}/download HTTP/1.1\r\nHost: localhost\r\nCookie: ${cookie}\r\n${ranged}\r\n`
        : `GET ${link.downloadPath} HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 198.51.100.${(nextAddress++ % 250) + 1}\r\n${ranged}\r\n`;
    return sendAndLeave(head);
  });

  const after = await settledDescriptors(baseline);
  report(`descriptors of the server: ${baseline} before the storm, ${after.open} after`);
  expect(after.storage).toEqual([]);
  expect(after.open).toBeLessThanOrEqual(baseline);
  await waitFor(async () => (await db.link.findUniqueOrThrow({ where: { id: link.id } })).claimedCount === 0, 10_000);
  expect(await db.link.findUniqueOrThrow({ where: { id: link.id }, select: { claimedCount: true, downloadCount: true } })).toEqual({
    claimedCount: 0,
    downloadCount: 0,
  });
  expect(await db.linkGrant.count({ where: { linkId: link.id } })).toBe(0);

  // A normal download still works, and counts.
  const whole = await fetch(new URL(link.downloadPath, server.url), { headers: { "x-forwarded-for": "203.0.113.200" } });
  expect(whole.status).toBe(200);
  expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha256(data));
  await waitFor(async () => (await db.link.findUniqueOrThrow({ where: { id: link.id } })).downloadCount === 1, 10_000);
  expect(await db.link.findUniqueOrThrow({ where: { id: link.id }, select: { claimedCount: true, downloadCount: true } })).toEqual({
    claimedCount: 1,
    downloadCount: 1,
  });
});

it("400 uploads whose clients leave after the headers or after a part header leave nothing, and hold nothing", async () => {
  const states = await Promise.all(owners.map((owner) => storageState(owner.id)));
  const baseline = await quietBaseline();
  await inBatches(400, 20, (i) => {
    const owner = owners[i % owners.length];
    const boundary = newBoundary();
    const head =
      `POST /api/files HTTP/1.1\r\nHost: localhost\r\nCookie: ${cookieHeader(owner.client)}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    if (i % 2 === 0) return sendAndLeave(head);
    const part = partHead(boundary, { filename: `gone-${i}.bin` });
    return sendAndLeave(head, Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from("\r\n")]));
  });

  const after = await settledDescriptors(baseline);
  report(`descriptors of the server: ${baseline} before the storm, ${after.open} after`);
  expect(after.storage).toEqual([]);
  expect(after.open).toBeLessThanOrEqual(baseline);
  expect(await waitFor(async () => (await db.pendingBlob.count()) === 0 && (await unfinishedWrites()).length === 0, 20_000)).toBe(true);
  for (const [i, owner] of owners.entries()) {
    const state = await storageState(owner.id);
    expect(state.blobs).toEqual(states[i].blobs);
    expect(state.fileRows).toBe(states[i].fileRows);
    expect(state.storageUsed).toBe(states[i].storageUsed);
  }

  // Every upload slot was given back: each user can still upload.
  for (const owner of owners) {
    const [stored] = await uploadOk(owner.client, [{ filename: "after-the-storm.txt", data: "still here\n" }]);
    expect(stored.name).toBe("after-the-storm.txt");
  }
});
