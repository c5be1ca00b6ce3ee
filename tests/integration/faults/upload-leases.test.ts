// Uploads under way are leases (docs/decisions/065), and the routine sweeps run on the node that holds their lease
// (docs/decisions/066). Two (then three) server processes on one database and one store, each its own NODE_NAME. A node
// killed with SIGKILL mid-upload cannot give its upload back: another node does once the upload's lease has run out
// (its quota reservation at once, its unfinished write and blob with the sweeps, which that node takes over once the
// dead node's sweep lease has run out too). A live node's upload is never taken, however long it runs.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { member, type Member } from "../../support/sharing";
import { Client } from "../../support/http-client";
import { bytesOf, sha256 } from "../../support/sample-files";
import {
  cookieHeader,
  download,
  manualRequest,
  multipartEnd,
  multipartType,
  newBoundary,
  partHead,
  uploadOk,
  waitFor,
  type ManualRequest,
  type UploadedFile,
} from "../../support/upload";
import { hasBlob, storageDriver, unfinishedWrites, writeStoredBlob } from "../../support/storage";

jest.setTimeout(300_000);

const MiB = 1024 * 1024;
const LEASE_SECONDS = 20;
const SETTINGS = {
  UPLOAD_LEASE_SECONDS: String(LEASE_SECONDS),
  SWEEP_LEASE_SECONDS: String(LEASE_SECONDS),
  SWEEP_INTERVAL_SECONDS: "3",
  // The killed upload's 8 MiB and another of 10 MiB do not fit together; the 10 MiB alone do.
  USER_QUOTA: String(16 * MiB),
  // A stalled upload is not let go for two minutes here: the node is killed while the upload still runs.
  TRANSFER_IDLE_SECONDS: "120",
};
const nodes: TestServer[] = [];

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
});

async function node(name: string): Promise<TestServer> {
  const started = await startServer({ env: { ...SETTINGS, NODE_NAME: name } });
  nodes.push(started);
  return started;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sweepsHolder = async () => (await db.lease.findUnique({ where: { name: "routine-sweeps" } }))?.holder;
const reservedBy = async (userId: string) =>
  (await db.pendingBlob.aggregate({ where: { userId }, _sum: { reservedBytes: true } }))._sum.reservedBytes ?? 0n;
const unfinishedNames = async () => (await unfinishedWrites()).map((write) => write.name);

/** An upload of one file whose body the test writes when it wants (no declared length: quota is claimed in steps). */
async function openUpload(server: TestServer, owner: Member, filename: string): Promise<ManualRequest & { boundary: string }> {
  const boundary = newBoundary();
  const request = manualRequest(server.url, {
    path: "/api/files",
    headers: { cookie: cookieHeader(owner.client), "content-type": multipartType(boundary) },
  });
  await request.write(partHead(boundary, { filename }));
  return Object.assign(request, { boundary });
}

/** A blob whose deletion is recorded, which the next sweep removes: proof that a sweep ran. */
async function plantOrphan(): Promise<string> {
  const key = randomBytes(16).toString("hex");
  await writeStoredBlob(key, "orphan");
  await db.blobDeletion.create({ data: { storageKey: key, store: storageDriver() } });
  return key;
}

let owner: Member;
/** The owner signed in on a node that stays up (node-b). */
let onB: Client;

async function signedInOn(server: TestServer, user: Member): Promise<Client> {
  const client = new Client(server.url);
  if (!(await client.signIn(user.username, user.password))) throw new Error(`${user.username} could not sign in`);
  return client;
}

it("gives a killed node's upload back (its reservation, its unfinished write) once its lease runs out, and never before", async () => {
  const a = await node("node-a");
  expect(await waitFor(async () => (await sweepsHolder()) === "node-a", 10_000)).toBe(true);
  const b = await node("node-b");
  owner = await member(a);
  onB = await signedInOn(b, owner);

  // 8 MiB of a file on node-a, then nothing more: its row, its reservation and its unfinished write (an S3 part) exist.
  const request = await openUpload(a, owner, "killed.bin");
  await request.write(bytesOf("killed-upload", 8 * MiB));
  expect(
    await waitFor(async () => {
      const row = await db.pendingBlob.findFirst({ where: { userId: owner.id, holder: "node-a" } });
      return row !== null && row.reservedBytes >= BigInt(8 * MiB) && (await unfinishedNames()).includes(row.storageKey);
    }, 20_000),
  ).toBe(true);
  const row = await db.pendingBlob.findFirstOrThrow({ where: { userId: owner.id } });
  // The reservation fills the quota: another upload of 10 MiB does not fit.
  await expect(uploadOk(owner.client, [{ filename: "too-much.bin", data: bytesOf("too-much", 10 * MiB) }])).rejects.toThrow(/413/);

  // Past one lease and more, node-a has renewed its upload's lease, so node-b's sweeps of expired uploads left it alone,
  // and node-a still runs the routine sweeps.
  await sleep((LEASE_SECONDS + 8) * 1000);
  const renewed = await db.pendingBlob.findUniqueOrThrow({ where: { storageKey: row.storageKey } });
  expect(renewed.holder).toBe("node-a");
  expect(renewed.leaseUntil.getTime()).toBeGreaterThan(row.leaseUntil.getTime());
  expect((await unfinishedNames()).includes(row.storageKey)).toBe(true);
  expect(await sweepsHolder()).toBe("node-a");

  // node-a dies mid-upload: nothing of it can give the upload back.
  await a.kill();
  request.destroy();
  const killedAt = Date.now();
  expect(await waitFor(async () => (await db.pendingBlob.count({ where: { storageKey: row.storageKey } })) === 0, 60_000, 250)).toBe(true);
  const releasedMs = Date.now() - killedAt;
  expect(await reservedBy(owner.id)).toBe(0n);
  // The sweeps move to node-b once node-a's sweep lease has run out, and its sweep removes the unfinished write.
  expect(await waitFor(async () => (await sweepsHolder()) === "node-b", 60_000, 250)).toBe(true);
  expect(
    await waitFor(
      async () =>
        !(await unfinishedNames()).includes(row.storageKey) &&
        !(await hasBlob(row.storageKey)) &&
        (await db.blobDeletion.count({ where: { storageKey: row.storageKey } })) === 0,
      30_000,
      250,
    ),
  ).toBe(true);
  console.log(
    `upload of a killed node given back ${releasedMs} ms after the kill, its write removed ${Date.now() - killedAt} ms after (leases ${LEASE_SECONDS} s)`,
  );
  // The quota is back: the 10 MiB upload fits now, through node-b, and downloads byte-exact.
  const data = bytesOf("fits-now", 10 * MiB);
  const [stored] = await uploadOk(onB, [{ filename: "fits-now.bin", data }]);
  expect(stored.size).toBe(10 * MiB);
  expect((await download(onB, stored.id)).sha256).toBe(sha256(data));
});

it("never takes a slow live upload that runs longer than its lease, while another node sweeps", async () => {
  // node-b (from the test above) runs the sweeps, every 3 s; node-c takes the upload.
  expect(await sweepsHolder()).toBe("node-b");
  const c = await node("node-c");
  const request = await openUpload(c, owner, "slow.bin");
  const pieces: Buffer[] = [];
  const started = Date.now();
  let first: { storageKey: string; leaseUntil: Date } | null = null;
  let orphans = 0;
  // 64 KiB every half second for one and a half leases.
  for (let i = 0; Date.now() - started < LEASE_SECONDS * 1500; i++) {
    const piece = bytesOf(`slow-${i}`, 64 * 1024);
    pieces.push(piece);
    await request.write(piece);
    first ??= await db.pendingBlob.findFirst({ where: { userId: owner.id }, select: { storageKey: true, leaseUntil: true } });
    // Sweeps run meanwhile: each removes an orphan planted while the upload runs.
    if (i % 10 === 5) {
      const orphan = await plantOrphan();
      if (await waitFor(async () => !(await hasBlob(orphan)), 10_000)) orphans++;
    }
    await sleep(500);
  }
  expect(orphans).toBeGreaterThanOrEqual(3);
  expect(first).not.toBeNull();
  // Its lease was renewed past the first one's end, which is behind us now.
  const live = await db.pendingBlob.findUniqueOrThrow({ where: { storageKey: first!.storageKey } });
  expect(first!.leaseUntil.getTime()).toBeLessThan(Date.now());
  expect(live.leaseUntil.getTime()).toBeGreaterThan(Date.now());
  expect(live.holder).toBe("node-c");

  await request.write(multipartEnd(request.boundary));
  request.end();
  const outcome = await request.outcome;
  if (outcome.kind !== "response") throw outcome.error;
  expect(outcome.status).toBe(201);
  const [file] = (JSON.parse(outcome.body) as { files: UploadedFile[] }).files;
  const data = Buffer.concat(pieces);
  expect(file.size).toBe(data.length);
  expect((await download(onB, file.id)).sha256).toBe(sha256(data));
  expect(await db.pendingBlob.count({ where: { userId: owner.id } })).toBe(0);
});

it("gives back at start-up the uploads this node held before it restarted, and only those", async () => {
  const far = new Date(Date.now() + 10 * 60_000);
  const mine = randomBytes(16).toString("hex");
  const theirs = randomBytes(16).toString("hex");
  await db.pendingBlob.create({
    data: { storageKey: mine, userId: owner.id, holder: "node-d", leaseUntil: far, store: storageDriver(), reservedBytes: 5n },
  });
  await db.pendingBlob.create({
    data: { storageKey: theirs, userId: owner.id, holder: "node-e", leaseUntil: far, store: storageDriver(), reservedBytes: 7n },
  });
  await node("node-d");
  expect(await db.pendingBlob.findUnique({ where: { storageKey: mine } })).toBeNull();
  expect(await reservedBy(owner.id)).toBe(7n);
  expect(await db.pendingBlob.findUnique({ where: { storageKey: theirs } })).toMatchObject({ holder: "node-e" });
  await db.pendingBlob.delete({ where: { storageKey: theirs } });
});
