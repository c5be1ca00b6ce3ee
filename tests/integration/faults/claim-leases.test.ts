// Download claims are leases (docs/decisions/032). A node killed with SIGKILL in the middle of a limited link's
// download cannot give its slot back: another node on the same database does, once the claim's lease has run out,
// and the visitor can download again. A node that starts while another is serving never touches that node's claims
// (before, every node reset every link's claims at start-up), and a live transfer keeps its claim past the lease by
// renewing it.
import net from "node:net";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { createLink, linkCounts, member, uploadFile, visitor } from "../../support/sharing";
import { bytesOf, sha256 } from "../../support/sample-files";
import { readBody, waitFor } from "../../support/upload";

jest.setTimeout(240_000);

// A stalled client is not let go for two minutes here: the node is killed while the transfer still runs.
const LEASE = { DOWNLOAD_CLAIM_LEASE_SECONDS: "20", TRANSFER_IDLE_SECONDS: "120", TRUSTED_PROXIES: "127.0.0.1,::1" };
const nodes: TestServer[] = [];

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
});

async function node(name: string): Promise<TestServer> {
  const started = await startServer({ env: { ...LEASE, NODE_NAME: name } });
  nodes.push(started);
  return started;
}

/** A download whose client reads nothing: the server keeps the transfer (and its claim) open. */
function stalledDownload(server: TestServer, path: string): Promise<net.Socket> {
  const url = new URL(path, server.url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.pause();
      socket.write(`GET ${url.pathname} HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 203.0.113.50\r\n\r\n`);
      resolve(socket);
    });
    socket.on("error", () => undefined);
  });
}

it("gives a killed node's claim back once its lease runs out, and never a live node's", async () => {
  const a = await node("node-a");
  const owner = await member(a);
  const data = bytesOf("claim-lease", 24 * 1024 * 1024);
  const file = await uploadFile(owner, "leased.bin", data);
  const link = await createLink(owner, file.id, { maxDownloads: 1 });

  const socket = await stalledDownload(a, link.downloadPath);
  expect(await waitFor(async () => (await db.downloadClaim.count({ where: { linkId: link.id, holder: "node-a" } })) === 1, 20_000)).toBe(
    true,
  );
  expect(await linkCounts(link.id)).toEqual({ downloadCount: 0, claimedCount: 1 });

  // A second node starts while node-a serves: node-a's claim is not its own, and stays.
  const b = await node("node-b");
  expect(await db.downloadClaim.count({ where: { linkId: link.id, holder: "node-a" } })).toBe(1);
  expect((await visitor(b, "203.0.113.51").get(link.downloadPath)).status).toBe(404);
  // Past one lease, node-a has renewed it (every 15 s), so node-b's sweeps leave it alone.
  await new Promise((resolve) => setTimeout(resolve, 27_000));
  expect(await linkCounts(link.id)).toEqual({ downloadCount: 0, claimedCount: 1 });
  expect(await db.downloadClaim.count({ where: { linkId: link.id } })).toBe(1);

  // node-a dies mid-transfer: nothing of it can settle the claim.
  await a.kill();
  socket.destroy();
  const killedAt = Date.now();
  expect(await waitFor(async () => (await db.downloadClaim.count({ where: { linkId: link.id } })) === 0, 60_000)).toBe(true);
  const tookMs = Date.now() - killedAt;
  console.log(`claim of a killed node given back ${tookMs} ms after the kill (lease 20 s, sweep every 5 s)`);
  expect(await linkCounts(link.id)).toEqual({ downloadCount: 0, claimedCount: 0 });
  // The grant made with the claim went with it: nothing of the dead transfer is resumable.
  expect(await db.linkGrant.count({ where: { linkId: link.id } })).toBe(0);

  // The slot is back: a visitor downloads the whole file from node-b, and then the link is used up.
  const got = await readBody(await visitor(b, "203.0.113.52").get(link.downloadPath));
  expect(got.error).toBeUndefined();
  expect(got.sha256).toBe(sha256(data));
  expect(await waitFor(async () => (await linkCounts(link.id)).downloadCount === 1, 10_000)).toBe(true);
  expect(await db.downloadClaim.count({ where: { linkId: link.id } })).toBe(0);
  expect((await visitor(b, "203.0.113.53").get(link.downloadPath)).status).toBe(404);
});

it("gives back at start-up the claims this node held before it restarted, and only those", async () => {
  const b = await node("node-e");
  const owner = await member(b);
  const file = await uploadFile(owner, "restart.bin", bytesOf("restart", 100_000));
  const mine = await createLink(owner, file.id, { maxDownloads: 1 });
  const theirs = await createLink(owner, file.id, { maxDownloads: 1 });
  // Claims as a node-c that died and a live node-d would have left them.
  const far = new Date(Date.now() + 10 * 60_000);
  for (const [link, holder] of [
    [mine, "node-c"],
    [theirs, "node-d"],
  ] as const) {
    await db.link.update({ where: { id: link.id }, data: { claimedCount: 1 } });
    await db.downloadClaim.create({ data: { linkId: link.id, holder, leaseUntil: far } });
  }
  await node("node-c");
  expect(await linkCounts(mine.id)).toEqual({ downloadCount: 0, claimedCount: 0 });
  expect(await db.downloadClaim.count({ where: { linkId: mine.id } })).toBe(0);
  expect(await linkCounts(theirs.id)).toEqual({ downloadCount: 0, claimedCount: 1 });
  expect(await db.downloadClaim.count({ where: { linkId: theirs.id, holder: "node-d" } })).toBe(1);
});
