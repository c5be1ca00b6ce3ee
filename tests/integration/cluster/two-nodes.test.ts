// Two production nodes (node-a and node-b, each on its own port with its own NODE_NAME) over one database and one
// blob store, as a cluster behind a load balancer runs them (issue 21): whatever one node does, the other sees, because
// nothing they must agree on lives in one process's memory (docs/decisions/034). A session made on one is a session on
// the other, and signing out on one ends it on the other; a file uploaded through one downloads byte-exact, whole and
// by range, through the other; a limit-1 link raced from both at once is downloaded once; wrong passwords spread over
// both are throttled as one budget (on PostgreSQL: on SQLite the counters are per process by design, decision 033);
// and SIGTERM on one node mid-download lets that transfer finish while the balancer (tests/support/tcp-proxy.ts with
// both nodes, each new connection to the first that accepts) sends new requests to the other.
// It runs in each configuration: PostgreSQL + S3 is the cluster's; on SQLite + disk both processes share the file
// (a transaction takes the write lock at its start, so the other process waits for it) and the storage folder.
import { db } from "@/lib/db";
import { LIMITS } from "@/lib/rate-limit";
import { INVALID_SIGN_IN } from "@/lib/auth/messages";
import type { ActionResult } from "@/lib/actions/action-result";
import { startServer, type TestServer } from "../../support/server";
import { startTcpProxy, type TcpProxy } from "../../support/tcp-proxy";
import { Client } from "../../support/http-client";
import { createUser } from "../../support/factories";
import { ACTION_FILES } from "../../support/action-files";
import { createLink, linkCounts, member, uploadFile, visitor } from "../../support/sharing";
import { bytesOf, sha256 } from "../../support/sample-files";
import { cookieHeader, download, readBody, uploadOk, waitFor } from "../../support/upload";
import { Connection, refused } from "../../support/raw-connection";

jest.setTimeout(180_000);

const onPostgres = (process.env.COFFER_TEST_DATABASE || "sqlite") === "postgresql";
const MB = 1024 * 1024;

let a: TestServer;
let b: TestServer;
let balancer: TcpProxy;
let balancerUrl: string;

beforeAll(async () => {
  // Both take the test client for a trusted proxy, so each visitor is the address its X-Forwarded-For names.
  [a, b] = await Promise.all(
    ["node-a", "node-b"].map((name) => startServer({ env: { NODE_NAME: name, TRUSTED_PROXIES: "127.0.0.1,::1" } })),
  );
  balancer = await startTcpProxy([a, b].map((node) => ({ host: "127.0.0.1", port: node.port })));
  balancerUrl = `http://localhost:${balancer.port}`;
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await balancer?.close();
});

let nextAddress = 1;
const freshAddress = () => `203.0.113.${nextAddress++}`;

async function signedInOn(node: TestServer, user: { username: string; password: string }): Promise<Client> {
  const client = new Client(node.url);
  expect(await client.signIn(user.username, user.password)).toBe(true);
  return client;
}

/** How many link downloads the node has answered so far, by its request log. */
const linkDownloadsServed = (node: TestServer) => node.logs().match(/"route":"\/s\/\[token\]\/download"/g)?.length ?? 0;

it("takes a session made on one node on the other, and serves through one node, whole and by range, what was uploaded through the other", async () => {
  const user = await createUser();
  const onA = await signedInOn(a, user);
  // The same browser: its cookie goes to every node.
  const onB = onA.at(b.url);
  expect((await onB.session())?.user).toMatchObject({ id: user.id, username: user.username });
  const dashboard = await onB.get("/dashboard");
  expect(dashboard.status).toBe(200);
  expect(await dashboard.text()).toContain(user.username);
  // node-b does check: without the cookie it sends the browser to sign in.
  const stranger = await new Client(b.url).get("/dashboard");
  expect(new URL(stranger.headers.get("location") ?? "/", b.url).pathname).toBe("/login");

  // Across several of the store's segments, with an odd tail.
  const size = 5 * MB + 4_321;
  const data = bytesOf("two-nodes", size);
  const [file] = await uploadOk(onA, [{ filename: "across-nodes.bin", data }]);
  expect(file.sha256).toBe(sha256(data));
  expect(await (await onB.get("/dashboard")).text()).toContain("across-nodes.bin");

  const whole = await download(onB, file.id);
  expect(whole.status).toBe(200);
  expect(whole.error).toBeUndefined();
  expect(whole.received).toBe(size);
  expect(whole.sha256).toBe(sha256(data));

  const start = 3 * MB - 17;
  const end = start + 200_000 - 1;
  const ranged = await download(onB, file.id, { headers: { range: `bytes=${start}-${end}` } });
  expect(ranged.status).toBe(206);
  expect(ranged.headers.get("content-range")).toBe(`bytes ${start}-${end}/${size}`);
  expect(ranged.bytes!.equals(data.subarray(start, end + 1))).toBe(true);
  // node-b answered it (its request log, written as the answer closes), not node-a.
  expect(await waitFor(() => /"status":206/.test(b.logs()), 5_000)).toBe(true);
  expect(a.logs()).not.toMatch(/"status":206/);
});

it("gives a limit-1 link raced from both nodes, four requests on each at once, to exactly one of them", async () => {
  const owner = await member(a);
  const size = 2 * MB + 99;
  const data = bytesOf("raced", size);
  const file = await uploadFile(owner, "raced.bin", data);
  for (let round = 0; round < 3; round++) {
    const link = await createLink(owner, file.id, { maxDownloads: 1 });
    // Interleaved, node-b's first every other round.
    const nodes = Array.from({ length: 8 }, (_, i) => ((i + round) % 2 === 0 ? a : b));
    // All heads arrive before any body is read, so the transfers would overlap.
    const responses = await Promise.all(nodes.map((node) => visitor(node, freshAddress()).get(link.downloadPath)));
    const outcomes = await Promise.all(responses.map((response) => readBody(response)));
    const served = outcomes.flatMap((outcome, i) => (outcome.status === 200 ? [{ outcome, node: nodes[i] }] : []));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([200, 404, 404, 404, 404, 404, 404, 404]);
    expect(served[0].outcome.error).toBeUndefined();
    expect(served[0].outcome.sha256).toBe(sha256(data));
    console.log(`limit-1 race, round ${round + 1}: served by ${served[0].node === a ? "node-a" : "node-b"}`);

    expect(await waitFor(async () => (await linkCounts(link.id)).downloadCount === 1, 10_000)).toBe(true);
    expect(await linkCounts(link.id)).toEqual({ downloadCount: 1, claimedCount: 1 });
    expect(await db.activity.count({ where: { linkId: link.id, kind: "download.link" } })).toBe(1);
    expect(await waitFor(async () => (await db.downloadClaim.count({ where: { linkId: link.id } })) === 0, 10_000)).toBe(true);
    // Used up on both.
    for (const node of [a, b]) expect((await visitor(node, freshAddress()).get(link.downloadPath)).status).toBe(404);
  }
});

(onPostgres ? it : it.skip)(
  `throttles wrong passwords sent to both nodes at once as one budget: ${LIMITS.signInAccountAddress.points} checked, the rest refused, then the right one on either (PostgreSQL: on SQLite the counters are per process)`,
  async () => {
    const user = await createUser();
    const address = "198.51.100.21";
    const attempt = (node: TestServer, password: string) =>
      visitor(node, address)
        .callAction<ActionResult>("/login", ACTION_FILES.login, "signInAction", [{ identifier: user.username, password }])
        .then((response) => response.value);
    const limit = LIMITS.signInAccountAddress.points;
    // Twice the limit, half on each node, all at once: in each node's own memory, every one would be checked.
    const answers = await Promise.all(Array.from({ length: 2 * limit }, (_, i) => attempt(i % 2 === 0 ? a : b, `wrong password ${i}`)));
    const throttled = {
      ok: false,
      error: expect.stringMatching(/^Too many attempts\. Try again in \d+ minutes\.$/),
      retryAfterSeconds: expect.any(Number),
    };
    expect(answers.filter((answer) => answer?.ok === false && answer.error === INVALID_SIGN_IN)).toHaveLength(limit);
    expect(answers.filter((answer) => answer?.ok === false && answer.error !== INVALID_SIGN_IN)).toEqual(
      Array.from({ length: limit }, () => throttled),
    );
    for (const node of [a, b]) expect(await attempt(node, user.password)).toEqual(throttled);
    // From another address the account still signs in, on either node.
    expect(await new Client(b.url, { headers: { "x-forwarded-for": "198.51.100.22" } }).signIn(user.username, user.password)).toBe(true);
  },
);

it("ends on node-b the session signed out on node-a, even for a browser that kept its cookie", async () => {
  const user = await createUser();
  const owner = { ...user, client: await signedInOn(a, user) };
  const file = await uploadFile(owner, "private.bin", bytesOf("private", 1_000));
  const onB = owner.client.at(b.url);
  expect((await onB.session())?.user?.username).toBe(user.username);
  expect((await download(onB, file.id)).status).toBe(200);
  const kept = cookieHeader(owner.client);
  const sessionId = (await onB.session())?.user?.sessionId;
  expect(sessionId).toBeTruthy();

  const result = await owner.client.callAction("/dashboard", ACTION_FILES.settings, "signOutAction", [{}]);
  expect(result.redirectTo).toBe("/login");
  expect(onB.sessionCookie()).toBeUndefined();
  expect(await db.userSession.count({ where: { id: sessionId } })).toBe(0);

  // The cookie as it was before signing out, sent to the other node: refused there too.
  const replay = new Client(b.url, { headers: { cookie: kept } });
  expect((await replay.session())?.user).toBeUndefined();
  const dashboard = await replay.get("/dashboard");
  expect(new URL(dashboard.headers.get("location") ?? "/", b.url).pathname).toBe("/login");
  expect((await download(replay, file.id)).status).not.toBe(200);
});

it("lets node-a finish a download it serves when SIGTERM comes, while the balancer sends new requests to node-b", async () => {
  const owner = await member(a);
  const size = 32 * MB;
  const data = bytesOf("draining", size);
  const file = await uploadFile(owner, "draining.bin", data);
  const link = await createLink(owner, file.id, { maxDownloads: 2 });
  const claimHolders = async () =>
    (await db.downloadClaim.findMany({ where: { linkId: link.id }, select: { holder: true } })).map(({ holder }) => holder);

  // Through the balancer, which sends it to node-a; read the head and the first megabyte, then stall.
  const running = await Connection.open(balancer.port);
  running.get(link.downloadPath, { "x-forwarded-for": freshAddress() });
  const head = await running.head();
  expect(head.status).toBe(200);
  expect(Number(head.headers["content-length"])).toBe(size);
  const first = await running.body(MB);
  running.socket.pause();
  expect(await claimHolders()).toEqual(["node-a"]);
  const servedByB = linkDownloadsServed(b);

  const signalled = Date.now();
  process.kill(a.pid, "SIGTERM");
  expect(await waitFor(() => refused(a.port), 5_000, 20)).toBe(true);

  // New connections through the balancer reach node-b, which serves them: its health, the owner's session, and the
  // link's second download, byte-exact, while node-a still holds its transfer.
  const health = await fetch(new URL("/api/health", balancerUrl));
  expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
  expect((await owner.client.at(balancerUrl).session())?.user?.username).toBe(owner.username);
  const second = await readBody(await visitor(b, freshAddress()).at(balancerUrl).get(link.downloadPath));
  expect(second.status).toBe(200);
  expect(second.sha256).toBe(sha256(data));
  expect(await waitFor(() => linkDownloadsServed(b) === servedByB + 1, 5_000)).toBe(true);
  // node-b settles its download as the answer closes; node-a still holds its own.
  expect(await waitFor(async () => (await claimHolders()).length === 1, 10_000)).toBe(true);
  expect(await claimHolders()).toEqual(["node-a"]);
  expect(await linkCounts(link.id)).toEqual({ downloadCount: 1, claimedCount: 2 });
  expect(a.exitInfo()).toBeNull();

  // node-a's transfer runs to its end, byte-exact, and node-a leaves.
  running.socket.resume();
  const rest = await running.body(size - MB);
  const readAt = Date.now();
  expect(sha256(Buffer.concat([first, rest]))).toBe(sha256(data));
  running.socket.end();
  expect(await a.exited).toEqual({ code: 0, signal: null });
  console.log(
    `two nodes: node-a exited ${Date.now() - signalled} ms after SIGTERM, ${Date.now() - readAt} ms after its download's last byte was read; node-b served meanwhile`,
  );
  // It left once its transfer was done, not at the end of the grace (30 s).
  expect(Date.now() - readAt).toBeLessThan(10_000);

  // Both downloads counted, no claim left, and the link is used up on the node that is left.
  expect(await waitFor(async () => (await linkCounts(link.id)).downloadCount === 2, 10_000)).toBe(true);
  expect(await linkCounts(link.id)).toEqual({ downloadCount: 2, claimedCount: 2 });
  expect(await db.downloadClaim.count({ where: { linkId: link.id } })).toBe(0);
  expect((await visitor(b, freshAddress()).at(balancerUrl).get(link.downloadPath)).status).toBe(404);
});
