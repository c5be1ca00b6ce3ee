// The activity trail of a shared file over real HTTP: every share, revoke, link and download is recorded,
// the owner reads it newest first on the file's page, and link visitors' addresses are kept only truncated.
// The server trusts X-Forwarded-For here so that visitors can come from chosen addresses.
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { bytesOf, sha256 } from "../../support/sample-files";
import { download, readBody, waitFor } from "../../support/upload";
import { createLink, member, revokeLink, revokeShare, shareFile, uploadFile, visitor, type Member } from "../../support/sharing";

// The project's testTimeout does not reach hooks in a multi-project run: set it here.
jest.setTimeout(60_000);

let server: TestServer;
let alice: Member;
let bob: Member;

beforeAll(async () => {
  // The test client is the local proxy, and 10.0.0.0/8 a load balancer in front of it: the visitor below comes
  // through both ("203.0.113.77, 10.0.0.1"), so its address is the one before the balancer.
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1,10.0.0.0/8" } });
  [alice, bob] = await Promise.all([member(server), member(server)]);
});

afterAll(async () => {
  await server?.stop();
});

/** The sentences of the page's activity table (its first cells), entities decoded and React's text separators removed. */
function activityLines(html: string): string[] {
  if (!html.includes("Activity, newest first")) throw new Error("the page has no activity table");
  return [...html.matchAll(/<tr[^>]*data-testid="activity-row"[^>]*>\s*<td[^>]*>([\s\S]*?)<\/td>/g)].map((item) =>
    item[1]
      .replace(/<!-- -->/g, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/&amp;/g, "&")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

it("records each sharing event, shows them newest first, and keeps visitors' addresses truncated", async () => {
  const data = bytesOf("activity", 50_000);
  const file = await uploadFile(alice, "activity.bin", data);
  const step = async (kinds: number) =>
    expect(await waitFor(async () => (await db.activity.count({ where: { fileId: file.id } })) === kinds)).toBe(true);

  expect(await shareFile(alice.client, file.id, bob.username)).toMatchObject({ ok: true });
  await step(1);
  const got = await download(bob.client, file.id);
  expect(got.status).toBe(200);
  expect(got.sha256).toBe(sha256(data));
  await step(2);
  // The owner's own downloads are not activity.
  expect((await download(alice.client, file.id)).status).toBe(200);

  const link = await createLink(alice, file.id, { label: "Client review", maxDownloads: 3 });
  await step(3);
  const v4 = visitor(server, "203.0.113.77, 10.0.0.1");
  const page = await v4.get(link.path);
  expect(page.status).toBe(200);
  await page.arrayBuffer();
  const viaLink = await readBody(await v4.get(link.downloadPath));
  expect(viaLink.status).toBe(200);
  expect(viaLink.sha256).toBe(sha256(data));
  await step(4);
  const v6 = visitor(server, "2001:db8:abcd:12:ff::1");
  expect((await readBody(await v6.get(link.downloadPath))).status).toBe(200);
  await step(5);

  expect(await revokeLink(alice.client, file.id, link.id)).toMatchObject({ ok: true });
  await step(6);
  const shareId = (await db.share.findFirstOrThrow({ where: { fileId: file.id } })).id;
  expect(await revokeShare(alice.client, file.id, shareId)).toMatchObject({ ok: true });
  await step(7);

  const rows = await db.activity.findMany({ where: { fileId: file.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  // Facts, not sentences: the link by name, the download's number of the limit.
  expect(
    rows.map((r) => ({
      kind: r.kind,
      actorId: r.actorId,
      subject: r.subject,
      linkId: r.linkId,
      address: r.address,
      ...(r.downloadNumber === null ? {} : { downloadNumber: r.downloadNumber, downloadLimit: r.downloadLimit }),
    })),
  ).toEqual([
    { kind: "share.created", actorId: alice.id, subject: bob.username, linkId: null, address: null },
    { kind: "download.user", actorId: bob.id, subject: null, linkId: null, address: null },
    { kind: "link.created", actorId: alice.id, subject: '"Client review"', linkId: link.id, address: null },
    {
      kind: "download.link",
      actorId: null,
      subject: '"Client review"',
      linkId: link.id,
      address: "203.0.113.0/24",
      downloadNumber: 1,
      downloadLimit: 3,
    },
    {
      kind: "download.link",
      actorId: null,
      subject: '"Client review"',
      linkId: link.id,
      address: "2001:0db8:abcd::/48",
      downloadNumber: 2,
      downloadLimit: 3,
    },
    { kind: "link.revoked", actorId: alice.id, subject: '"Client review"', linkId: link.id, address: null },
    { kind: "share.revoked", actorId: alice.id, subject: bob.username, linkId: null, address: null },
  ]);
  expect(rows[1].actorName).toBe(bob.username);
  // No full visitor address is stored anywhere.
  const stored = JSON.stringify(await db.activity.findMany());
  expect(stored).not.toContain("203.0.113.77");
  expect(stored).not.toContain("ff::1");

  const response = await alice.client.get(`/files/${file.id}`);
  expect(response.status).toBe(200);
  const html = await response.text();
  const lines = activityLines(html);
  // Each event as a sentence in the owner's words, naming the file.
  expect(lines).toEqual([
    `You stopped sharing activity.bin with ${bob.username}`,
    'You revoked the link "Client review"',
    'A visitor downloaded activity.bin through the link "Client review" from 2001:0db8:abcd::/48 (download 2 of 3)',
    'A visitor downloaded activity.bin through the link "Client review" from 203.0.113.0/24 (download 1 of 3)',
    'You created the link "Client review"',
    `${bob.username} downloaded activity.bin`,
    `You shared activity.bin with ${bob.username}`,
  ]);
  expect(html).not.toContain("203.0.113.77");

  // Filtered by kind: downloads only, then sharing only.
  expect(activityLines(await (await alice.client.get(`/files/${file.id}?activity=downloads`)).text())).toEqual([
    lines[2],
    lines[3],
    lines[5],
  ]);
  expect(activityLines(await (await alice.client.get(`/files/${file.id}?activity=sharing`)).text())).toEqual([lines[0], lines[6]]);
  expect(activityLines(await (await alice.client.get(`/files/${file.id}?activity=links`)).text())).toEqual([lines[1], lines[4]]);
});

it("records an unlabelled link by the end of its id, and counts without a limit", async () => {
  const file = await uploadFile(alice, "unlabelled.bin", bytesOf("unlabelled", 1_000));
  const link = await createLink(alice, file.id);
  expect((await readBody(await visitor(server, "192.0.2.200").get(link.downloadPath))).status).toBe(200);
  const name = `#${link.id.slice(-6)}`;
  expect(await waitFor(async () => (await db.activity.count({ where: { fileId: file.id, kind: "download.link" } })) === 1)).toBe(true);
  const rows = await db.activity.findMany({ where: { fileId: file.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  expect(rows.map((r) => [r.kind, r.subject, r.address, r.downloadNumber, r.downloadLimit])).toEqual([
    ["link.created", name, null, null, null],
    ["download.link", name, "192.0.2.0/24", 1, null],
  ]);
  const page = await (await alice.client.get(`/files/${file.id}`)).text();
  // The same name in the file's link table (its revoke button) as in the trail, never "Untitled link".
  expect(page).toContain(`Revoke link ${name}`);
  expect(page).not.toContain("Untitled link");
  const lines = activityLines(page);
  expect(lines).toEqual([
    `A visitor downloaded unlabelled.bin through the link ${name} from 192.0.2.0/24 (download 1)`,
    `You created the link ${name}`,
  ]);
});

it("does not record a stranger's refused download or a recipient's HEAD request", async () => {
  const file = await uploadFile(alice, "not-recorded.bin", bytesOf("not-recorded", 1_000));
  const carol = await member(server);
  // carol is no recipient: her attempt is refused and leaves no trace.
  expect((await download(carol.client, file.id)).status).toBe(404);
  expect(await shareFile(alice.client, file.id, bob.username)).toMatchObject({ ok: true });
  const head = await bob.client.fetch(`/api/files/${file.id}/download`, { method: "HEAD" });
  expect(head.status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await db.activity.findMany({ where: { fileId: file.id }, select: { kind: true } })).toEqual([{ kind: "share.created" }]);
});
