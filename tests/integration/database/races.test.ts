// Requests that race for the same thing, over real HTTP against one server: the decisions hold on every
// provider (SQLite serialises writers; PostgreSQL runs them at once under READ COMMITTED, where only conditional
// updates and row locks keep them apart). The PostgreSQL configuration runs this file against PostgreSQL.
import { db, readInOneSnapshot } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { bytesOf } from "../../support/sample-files";
import { readBody, upload, waitFor } from "../../support/upload";
import { createLink, linkCounts, member, shareFile, uploadFile, visitor, type Member } from "../../support/sharing";
import { codeStep, enrolTwoFactor, passwordStep, unusedCode } from "../../support/two-factor";

jest.setTimeout(180_000);

const KiB = 1024;
const FILE_BYTES = 256 * KiB;
// Room for five of the files, and a little: the sixth never fits.
const QUOTA = 5 * FILE_BYTES + 10 * KiB;

let server: TestServer;
let nextAddress = 1;
const freshAddress = () => `198.51.100.${nextAddress++}`;

beforeAll(async () => {
  server = await startServer({
    env: { TRUSTED_PROXIES: "127.0.0.1,::1", USER_QUOTA: String(QUOTA), MAX_CONCURRENT_UPLOADS: "20" },
  });
});

afterAll(async () => {
  await server?.stop();
});

it("20 parallel uploads against a quota that fits 5: exactly 5 are stored, and the quota is never over-run", async () => {
  const owner = await member(server);
  const peaks: bigint[] = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      // One snapshot of both tables (a commit moves a reservation into storageUsed in one transaction).
      const [user, reserved] = await readInOneSnapshot([
        db.user.findUniqueOrThrow({ where: { id: owner.id }, select: { storageUsed: true } }),
        db.pendingBlob.aggregate({ where: { userId: owner.id }, _sum: { reservedBytes: true } }),
      ]);
      peaks.push(user.storageUsed + (reserved._sum.reservedBytes ?? 0n));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const statuses = await Promise.all(
    Array.from(
      { length: 20 },
      async (_, i) => (await upload(owner.client, [{ filename: `race-${i}.bin`, data: bytesOf(`race-${i}`, FILE_BYTES) }])).status,
    ),
  );
  sampling = false;
  await sampler;

  expect(statuses.filter((s) => s === 201)).toHaveLength(5);
  expect(statuses.filter((s) => s !== 201).every((s) => s === 413)).toBe(true);
  expect(peaks.length).toBeGreaterThan(0);
  expect(Math.max(...peaks.map(Number))).toBeLessThanOrEqual(QUOTA);
  expect(await db.file.count({ where: { ownerId: owner.id } })).toBe(5);
  await waitFor(async () => (await db.pendingBlob.count({ where: { userId: owner.id } })) === 0, 10_000);
  expect(await db.pendingBlob.count({ where: { userId: owner.id } })).toBe(0);
  const { storageUsed } = await db.user.findUniqueOrThrow({ where: { id: owner.id }, select: { storageUsed: true } });
  expect(storageUsed).toBe(BigInt(5 * FILE_BYTES));
});

it("a link with a limit of 3 and 12 parallel downloads: exactly 3 are served and counted", async () => {
  const owner = await member(server);
  const file = await uploadFile(owner, "limited.bin", bytesOf("limited", 200 * KiB));
  const link = await createLink(owner, file.id, { maxDownloads: 3 });
  const responses = await Promise.all(Array.from({ length: 12 }, () => visitor(server, freshAddress()).get(link.downloadPath)));
  const outcomes = await Promise.all(responses.map((response) => readBody(response)));
  expect(outcomes.filter((o) => o.status === 200 && o.received === 200 * KiB)).toHaveLength(3);
  expect(outcomes.filter((o) => o.status === 404)).toHaveLength(9);
  await waitFor(async () => (await linkCounts(link.id)).downloadCount === 3, 10_000);
  expect(await linkCounts(link.id)).toEqual({ downloadCount: 3, claimedCount: 3 });
  expect(await db.activity.count({ where: { linkId: link.id, kind: "download.link" } })).toBe(3);
});

it("a two-factor code sent twice at once signs in once", async () => {
  const user = await member(server);
  const { secret } = await enrolTwoFactor(user.client, user.password);
  const browsers = await Promise.all(
    [0, 1].map(async () => {
      const browser = visitor(server, freshAddress());
      expect((await passwordStep(browser, user.username, user.password)).value).toMatchObject({ ok: true, data: { twoFactor: true } });
      return browser;
    }),
  );
  const code = await unusedCode(user.id, secret);
  const results = await Promise.all(browsers.map((browser) => codeStep(browser, code)));
  expect(results.filter((r) => r.redirectTo === "/dashboard")).toHaveLength(1);
  expect(browsers.filter((b) => b.sessionCookie() !== undefined)).toHaveLength(1);
});

it("ten parallel shares of one file with one person make one share, and the others are told it exists", async () => {
  const owner = await member(server);
  const recipient: Member = await member(server);
  const file = await uploadFile(owner, "shared.txt", Buffer.from("shared\n"));
  const results = await Promise.all(Array.from({ length: 10 }, () => shareFile(owner.client, file.id, recipient.username)));
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  for (const refused of results.filter((r) => !r.ok)) {
    expect(refused).toMatchObject({ ok: false, fieldErrors: { username: [`This file is already shared with ${recipient.username}.`] } });
  }
  expect(await db.share.count({ where: { fileId: file.id } })).toBe(1);
});
