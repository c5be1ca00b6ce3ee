// Rate limits on several nodes (docs/decisions/033): on PostgreSQL the counters are rows of the shared database, so
// two server processes on one database count one attacker's attempts together; on SQLite one process is all there is
// and the counters stay in its memory (the second half of this file says so, and checks nothing is written).
import { clearExpiredRateLimits, db } from "@/lib/db";
import { LIMITS } from "@/lib/rate-limit";
import { INVALID_SIGN_IN } from "@/lib/auth/messages";
import type { ActionResult } from "@/lib/actions/action-result";
import { startServer, type TestServer } from "../../support/server";
import { Client } from "../../support/http-client";
import { createUser } from "../../support/factories";
import { ACTION_FILES } from "../../support/action-files";

jest.setTimeout(180_000);

const provider = process.env.COFFER_TEST_DATABASE || "sqlite";
const onPostgres = provider === "postgresql";

let nodes: TestServer[] = [];

beforeAll(async () => {
  // Both nodes take the test client for a trusted proxy, so every attempt comes from the one address it names.
  nodes = await Promise.all(
    ["node-1", "node-2"].map((name) => startServer({ env: { NODE_NAME: name, TRUSTED_PROXIES: "127.0.0.1,::1" } })),
  );
});

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
});

async function signInAttempt(node: TestServer, address: string, identifier: string, password: string) {
  const client = new Client(node.url, { headers: { "x-forwarded-for": address } });
  const response = await client.callAction<ActionResult>("/login", ACTION_FILES.login, "signInAction", [{ identifier, password }]);
  return response.value;
}

(onPostgres ? it : it.skip)(
  `on PostgreSQL, ten wrong passwords spread over two nodes are throttled as ten: past ${LIMITS.signInAccountAddress.points}, both refuse`,
  async () => {
    const user = await createUser();
    const address = "198.51.100.77";
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await signInAttempt(nodes[i % 2], address, user.username, `wrong password ${i}`));
    const limit = LIMITS.signInAccountAddress.points;
    // In each node's own memory, each would have seen five failures and refused none of the ten.
    expect(answers.slice(0, limit)).toEqual(Array.from({ length: limit }, () => ({ ok: false, error: INVALID_SIGN_IN })));
    for (const answer of answers.slice(limit)) {
      expect(answer).toEqual({
        ok: false,
        error: expect.stringMatching(/^Too many attempts\. Try again in \d+ minutes\.$/),
        retryAfterSeconds: expect.any(Number),
      });
    }
    // The right password is refused on either node now, from that address.
    for (const node of nodes) expect(await signInAttempt(node, address, user.username, user.password)).toMatchObject({ ok: false });
    // The counters are rows of the shared table, keyed by the limit's name.
    const rows = await db.rateLimitCounter.findMany({ where: { key: { startsWith: "signInAccountAddress:" } } });
    expect(rows.length).toBeGreaterThan(0);
  },
);

(onPostgres ? it.skip : it)("on SQLite, the counters stay in the one process's memory: the table stays empty", async () => {
  const user = await createUser();
  expect(await signInAttempt(nodes[0], "198.51.100.78", user.username, "wrong password")).toEqual({ ok: false, error: INVALID_SIGN_IN });
  expect(await db.rateLimitCounter.count()).toBe(0);
});

(onPostgres ? it : it.skip)("on PostgreSQL, the sweep deletes counters an hour past their window, and keeps the others", async () => {
  const hour = 3_600_000;
  await db.rateLimitCounter.createMany({
    data: [
      { key: "register:stale", points: 3, expire: BigInt(Date.now() - 2 * hour) },
      { key: "register:recent", points: 3, expire: BigInt(Date.now() - hour / 2) },
      { key: "register:running", points: 3, expire: BigInt(Date.now() + hour) },
    ],
  });
  expect(await clearExpiredRateLimits()).toBeGreaterThanOrEqual(1);
  const left = await db.rateLimitCounter.findMany({ where: { key: { startsWith: "register:" } }, select: { key: true } });
  expect(left.map(({ key }) => key).sort()).toEqual(["register:recent", "register:running"]);
});
