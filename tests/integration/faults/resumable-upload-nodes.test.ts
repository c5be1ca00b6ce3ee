// A resumable upload across nodes (docs/decisions/076): a node killed with SIGKILL in the middle of a PATCH loses
// only what came after its last checkpoint; its lock keeps any other writer out until its lease runs out, and then
// another node goes on from the recorded offset. A node that restarts under the same name does not give the
// upload's session back (nobody holds a resumable upload between requests), and the file comes out byte-exact.
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { member } from "../../support/sharing";
import { bytesOf, sha256 } from "../../support/sample-files";
import { cookieHeader, download, manualRequest, waitFor } from "../../support/upload";
import { createUpload, OFFSET_TYPE, patchUpload, sendAll, TUS } from "../../support/tus";

jest.setTimeout(240_000);

const MiB = 1024 * 1024;
const SEGMENT = 64 * 1024;
const SETTINGS = { UPLOAD_LEASE_SECONDS: "20", TRANSFER_IDLE_SECONDS: "120" };
const nodes: TestServer[] = [];

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
});

async function node(name: string): Promise<TestServer> {
  const started = await startServer({ env: { ...SETTINGS, NODE_NAME: name } });
  nodes.push(started);
  return started;
}

it("goes on from another node once a killed node's lock has run out, and a restart keeps the upload", async () => {
  const a = await node("node-a");
  const b = await node("node-b");
  const owner = await member(a);
  const onB = owner.client.at(b.url);
  const data = bytesOf("across-nodes", 16 * MiB + 333);
  const created = await createUpload(owner.client, { length: data.length, name: "across.bin" });
  const location = created.location!;
  const id = location.split("/").pop()!;
  expect((await patchUpload(owner.client, location, 0, data.subarray(0, 2 * MiB + 10))).offset).toBe(2 * MiB);

  // A long PATCH on node-a, which dies in the middle of it, after it recorded a checkpoint.
  const request = manualRequest(a.url, {
    path: location,
    method: "PATCH",
    headers: { ...TUS, cookie: cookieHeader(owner.client), "Content-Type": OFFSET_TYPE, "Upload-Offset": String(2 * MiB) },
  });
  await request.write(data.subarray(2 * MiB, 11 * MiB));
  const recorded = async () => Number((await db.resumableUpload.findUniqueOrThrow({ where: { id } })).offset);
  expect(await waitFor(async () => (await recorded()) > 2 * MiB, 20_000)).toBe(true);
  await a.kill();
  request.destroy();
  const checkpoint = await recorded();
  expect(checkpoint % SEGMENT).toBe(0);

  // Its lock still holds: no other node writes the upload meanwhile.
  const refused = await patchUpload(onB, location, checkpoint, data.subarray(checkpoint, checkpoint + MiB));
  expect(refused.status).toBe(423);
  expect(refused.headers.get("retry-after")).toBe("5");
  // Refused requests hold none of the user's upload slots (MAX_CONCURRENT_UPLOADS, 4): a fifth is refused all the same.
  for (let i = 0; i < 4; i++) expect((await patchUpload(onB, location, checkpoint, Buffer.alloc(0))).status).toBe(423);

  // node-a starts again: a resumable upload is nobody's between requests, so it keeps its session and reservation.
  const again = await node("node-a");
  const row = await db.resumableUpload.findUniqueOrThrow({ where: { id } });
  expect(await db.pendingBlob.findUnique({ where: { storageKey: row.storageKey! } })).toMatchObject({ reservedBytes: BigInt(data.length) });

  // Once the dead request's lock has run out, node-b goes on from the recorded offset and finishes.
  let last = refused;
  expect(
    await waitFor(async () => (last = await patchUpload(onB, location, checkpoint, Buffer.alloc(0))).status === 204, 40_000, 1_000),
  ).toBe(true);
  expect(last.offset).toBe(checkpoint);
  const done = await sendAll(onB, location, data, 64 * MiB);
  expect(done.fileId).toEqual(expect.any(String));
  const file = await db.file.findUniqueOrThrow({ where: { id: done.fileId! } });
  expect(file.sha256).toBe(sha256(data));
  // node-b had none of the hash (node-a kept it, and died): it read the stored blob back to hash it.
  expect(b.logs()).toContain("resumable upload hashed from its stored blob");
  expect((await download(owner.client.at(again.url), done.fileId!)).sha256).toBe(sha256(data));
  expect(await db.pendingBlob.count({ where: { userId: owner.id } })).toBe(0);
});
