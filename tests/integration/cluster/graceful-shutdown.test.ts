// SIGTERM on a node (docs/decisions/071): it stops accepting connections at once, answers the health check 503 on
// the connections it already had, lets a running download finish (byte-exact, counted) within SHUTDOWN_GRACE_SECONDS,
// and exits as soon as nothing runs, its claims gone with it; a download still running at the end of the grace is cut
// off, and its claim is given back before the process exits, not a lease later.
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { createLink, linkCounts, member, uploadFile } from "../../support/sharing";
import { bytesOf, sha256 } from "../../support/sample-files";
import { waitFor } from "../../support/upload";
import { Connection, refused } from "../../support/raw-connection";

jest.setTimeout(240_000);

const nodes: TestServer[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
});

async function node(grace: string): Promise<TestServer> {
  // A stalled client is not let go for two minutes: only the shutdown ends the transfer here.
  const started = await startServer({ env: { SHUTDOWN_GRACE_SECONDS: grace, TRANSFER_IDLE_SECONDS: "120" } });
  nodes.push(started);
  return started;
}

async function limitedLink(server: TestServer, size: number) {
  const owner = await member(server);
  const data = bytesOf(`shutdown-${size}`, size);
  const file = await uploadFile(owner, "draining.bin", data);
  const link = await createLink(owner, file.id, { maxDownloads: 1 });
  return { data, link };
}

/** A link download whose client reads nothing yet: the transfer (and its claim) stays open until it reads. */
async function stalledDownload(server: TestServer, link: { id: string; downloadPath: string }): Promise<Connection> {
  const connection = await Connection.open(server.port);
  connection.socket.pause();
  connection.get(link.downloadPath);
  expect(await waitFor(async () => (await db.downloadClaim.count({ where: { linkId: link.id } })) === 1, 20_000)).toBe(true);
  return connection;
}

it("finishes a running download in the grace, answers health 503 and refuses new connections meanwhile, then exits with its claim settled", async () => {
  const server = await node("30");
  const { data, link } = await limitedLink(server, 24 * 1024 * 1024);
  const download = await stalledDownload(server, link);
  // A balancer's kept-alive connection, polling.
  const balancer = await Connection.open(server.port);
  balancer.get("/api/health");
  expect(await balancer.json()).toMatchObject({ status: 200, body: { status: "ok" } });

  const signalled = Date.now();
  process.kill(server.pid, "SIGTERM");
  expect(await waitFor(() => refused(server.port), 5_000, 20)).toBe(true);
  const refusedAfterMs = Date.now() - signalled;
  balancer.get("/api/health");
  const draining = await balancer.json();
  expect(draining).toMatchObject({ status: 503, body: { status: "stopping" } });
  expect(draining.headers.connection).toBe("close");
  // Liveness stays up while the node drains; it came on a connection of its own before the refusal, so none here.

  // The transfer runs on: the node waits for it, its claim held.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(server.exitInfo()).toBeNull();
  expect(await db.downloadClaim.count({ where: { linkId: link.id } })).toBe(1);

  download.socket.resume();
  const head = await download.head();
  expect(head.status).toBe(200);
  const body = await download.body(Number(head.headers["content-length"]));
  const readAt = Date.now();
  expect(body.length).toBe(data.length);
  expect(sha256(body)).toBe(sha256(data));
  download.socket.end();

  const exit = await server.exited;
  const exitedAfterMs = Date.now() - signalled;
  console.log(
    `graceful shutdown (grace 30 s): new connections refused ${refusedAfterMs} ms after SIGTERM; exited ${exitedAfterMs} ms after SIGTERM, ${Date.now() - readAt} ms after the download's last byte was read`,
  );
  expect(exit).toEqual({ code: 0, signal: null });
  // It left as soon as nothing ran, not at the end of the grace.
  expect(exitedAfterMs).toBeLessThan(20_000);
  // The download counted, and the node left no claim behind.
  expect(await linkCounts(link.id)).toEqual({ downloadCount: 1, claimedCount: 1 });
  expect(await db.downloadClaim.count({ where: { linkId: link.id } })).toBe(0);
  expect(server.logs()).toMatch(/Coffer stopped/);
});

it("cuts off a download still running when a short grace is over, and gives its claim back before exiting", async () => {
  const server = await node("3");
  const { data, link } = await limitedLink(server, 24 * 1024 * 1024);
  const download = await stalledDownload(server, link);

  const signalled = Date.now();
  process.kill(server.pid, "SIGTERM");
  const exit = await server.exited;
  const exitedAfterMs = Date.now() - signalled;
  console.log(`graceful shutdown (grace 3 s) with a stalled download: exited ${exitedAfterMs} ms after SIGTERM`);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(exitedAfterMs).toBeGreaterThanOrEqual(3_000);
  expect(exitedAfterMs).toBeLessThan(3_000 + 6_000);
  expect(server.logs()).toMatch(/the grace is over: cutting off what still runs/);

  // The client got the head and part of the body, then the connection closed.
  download.socket.resume();
  const head = await download.head();
  const got = await download.body(Number(head.headers["content-length"]));
  expect(download.ended).toBe(true);
  expect(got.length).toBeLessThan(data.length);
  expect(createHash("sha256").update(got).digest("hex")).not.toBe(sha256(data));

  // No claim outlives the node: nothing waits for its lease to run out.
  expect(await db.downloadClaim.count({ where: { linkId: link.id } })).toBe(0);
  const counts = await linkCounts(link.id);
  expect(counts.downloadCount).toBe(0);
  // Cut off after more than its first segment, it spent its slot, and the visitor's grant may resume it
  // (lib/links/claim-download.ts); cut before, the slot went back.
  const grant = await db.linkGrant.findFirst({ where: { linkId: link.id }, select: { spentAt: true } });
  if (counts.claimedCount === 1) expect(grant?.spentAt).not.toBeNull();
  else expect(counts.claimedCount).toBe(0);
});
