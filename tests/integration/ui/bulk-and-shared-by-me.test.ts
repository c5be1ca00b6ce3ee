// The dashboard's bulk delete and bulk share, "Shared by me" with its bulk revoke, and the appearance switch,
// over real HTTP. A bulk request that names anything the caller does not own changes nothing at all.
import { db } from "@/lib/db";
import type { ActionResult } from "@/lib/actions/action-result";
import { startServer, type TestServer } from "../../support/server";
import { waitFor } from "../../support/upload";
import { storedBlobs } from "../../support/storage";
import { createLink, linkCounts, member, shareFile, uploadFile, visitor, type Member } from "../../support/sharing";
import { ACTION_FILES } from "../../support/action-files";
import { Client } from "../../support/http-client";

jest.setTimeout(120_000);

let server: TestServer;
let alice: Member;
let bob: Member;
let mallory: Member;

beforeAll(async () => {
  server = await startServer();
  [alice, bob, mallory] = await Promise.all([member(server), member(server), member(server)]);
});

afterAll(async () => {
  await server?.stop();
});

async function act(client: Client, page: string, file: string, name: string, input: unknown): Promise<ActionResult> {
  const response = await client.callAction<ActionResult>(page, file, name, [input]);
  if (response.value === undefined) throw new Error(`${name}: no value (status ${response.status})`);
  return response.value;
}

const snapshot = async () => ({
  files: await db.file.findMany({ orderBy: { id: "asc" }, select: { id: true, ownerId: true } }),
  shares: await db.share.findMany({ orderBy: { id: "asc" } }),
  links: await db.link.findMany({ orderBy: { id: "asc" }, select: { id: true, revokedAt: true } }),
  blobs: await storedBlobs(),
  used: (await db.user.findMany({ orderBy: { id: "asc" }, select: { storageUsed: true } })).map((u) => u.storageUsed),
});

describe("bulk actions on the dashboard", () => {
  it("shares several files with one person, leaving those already shared as they were", async () => {
    const files = await Promise.all(["a.txt", "b.txt", "c.txt"].map((name) => uploadFile(alice, `share-${name}`, Buffer.from(name))));
    expect((await shareFile(alice.client, files[0].id, bob.username)).ok).toBe(true);
    const result = await act(alice.client, "/dashboard", ACTION_FILES.dashboard, "shareFilesAction", {
      fileIds: files.map((f) => f.id),
      username: bob.username.toUpperCase(),
    });
    expect(result).toEqual({ ok: true, data: undefined, message: `Shared 2 files with ${bob.username} (1 file already were).` });
    expect(await db.share.count({ where: { recipientId: bob.id, fileId: { in: files.map((f) => f.id) } } })).toBe(3);
    expect(await db.auditEvent.count({ where: { kind: "share.created", userId: alice.id, peer: bob.username } })).toBe(3);
  });

  it("refuses an unknown recipient under the field, and sharing with oneself, changing nothing", async () => {
    const file = await uploadFile(alice, "share-refused.txt", Buffer.from("x"));
    const before = await snapshot();
    expect(
      await act(alice.client, "/dashboard", ACTION_FILES.dashboard, "shareFilesAction", { fileIds: [file.id], username: "nobody_here" }),
    ).toEqual({
      ok: false,
      error: 'There is no user named "nobody_here".',
      fieldErrors: { username: ['There is no user named "nobody_here".'] },
    });
    expect(
      await act(alice.client, "/dashboard", ACTION_FILES.dashboard, "shareFilesAction", { fileIds: [file.id], username: alice.username }),
    ).toMatchObject({ ok: false, error: "You already own these files." });
    expect(await snapshot()).toEqual(before);
  });

  it("deletes several files after one request, giving their storage back", async () => {
    const files = await Promise.all(["x", "y"].map((name) => uploadFile(alice, `bulk-delete-${name}.txt`, Buffer.alloc(1000, name))));
    const usedBefore = (await db.user.findUniqueOrThrow({ where: { id: alice.id } })).storageUsed;
    const result = await act(alice.client, "/dashboard", ACTION_FILES.dashboard, "deleteFilesAction", { fileIds: files.map((f) => f.id) });
    expect(result).toEqual({ ok: true, data: undefined, message: "Deleted 2 files." });
    expect(await db.file.count({ where: { id: { in: files.map((f) => f.id) } } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: alice.id } })).storageUsed).toBe(usedBefore - 2000n);
  });

  it("refuses the whole request when one id is someone else's, an empty selection, or too many", async () => {
    const own = await uploadFile(mallory, "mallory.txt", Buffer.from("mine"));
    const aliceFile = await uploadFile(alice, "alice-keeps-this.txt", Buffer.from("hers"));
    const before = await snapshot();
    expect(
      await act(mallory.client, "/dashboard", ACTION_FILES.dashboard, "deleteFilesAction", { fileIds: [own.id, aliceFile.id] }),
    ).toEqual({
      ok: false,
      error: "Some of these files were not found. Nothing was deleted.",
    });
    expect(await act(mallory.client, "/dashboard", ACTION_FILES.dashboard, "deleteFilesAction", { fileIds: [] })).toMatchObject({
      ok: false,
      fieldErrors: { fileIds: ["Select at least one file."] },
    });
    expect(
      await act(mallory.client, "/dashboard", ACTION_FILES.dashboard, "deleteFilesAction", { fileIds: Array(101).fill(own.id) }),
    ).toMatchObject({ ok: false, fieldErrors: { fileIds: ["Select at most 100 files."] } });
    expect(await snapshot()).toEqual(before);
  });
});

describe("Shared by me", () => {
  let owner: Member;
  let files: { id: string; name: string }[];
  let links: Awaited<ReturnType<typeof createLink>>[];

  beforeAll(async () => {
    owner = await member(server);
    files = await Promise.all(["plan.txt", "budget.txt"].map((name) => uploadFile(owner, name, Buffer.from(name))));
    for (const file of files) expect((await shareFile(owner.client, file.id, bob.username)).ok).toBe(true);
    expect((await shareFile(owner.client, files[0].id, mallory.username)).ok).toBe(true);
    links = [
      await createLink(owner, files[0].id, { label: "Open one" }),
      await createLink(owner, files[1].id, { label: "Single use", maxDownloads: 1 }),
      await createLink(owner, files[1].id, { label: "Third" }),
    ];
    // The single-use link is used up.
    const got = await visitor(server).get(links[1].downloadPath);
    await got.arrayBuffer();
    // The count settles when the connection closes, a moment after the body is read.
    await waitFor(async () => (await linkCounts(links[1].id)).downloadCount === 1, 10_000);
    expect((await linkCounts(links[1].id)).downloadCount).toBe(1);
  });

  const rows = (html: string, testId: string) =>
    [...html.matchAll(new RegExp(`<tr[^>]*data-testid="${testId}"[^>]*>([\\s\\S]*?)</tr>`, "g"))].map((m) =>
      m[1]
        .replace(/<!-- -->/g, "")
        .replace(/<[^>]+>/g, " ")
        .replace(/&quot;/g, '"')
        .replace(/\s+/g, " ")
        .trim(),
    );

  it("lists every share and every link with its status and downloads, sorted and filtered", async () => {
    const page = await (await owner.client.get("/shared?shareSort=file&shareDir=asc")).text();
    const shares = rows(page, "my-share-row");
    expect(shares).toHaveLength(3);
    expect(shares[0]).toContain("budget.txt");
    expect(shares[0]).toContain(bob.username);
    expect(shares.slice(1).every((row) => row.includes("plan.txt"))).toBe(true);

    const byStatus = rows(await (await owner.client.get("/shared?status=used+up")).text(), "my-link-row");
    expect(byStatus).toHaveLength(1);
    expect(byStatus[0]).toContain("Single use");
    expect(byStatus[0]).toContain("used up");
    expect(byStatus[0]).toContain("1 of 1");

    const sorted = rows(await (await owner.client.get("/shared?linkSort=label&linkDir=asc")).text(), "my-link-row");
    expect(sorted.map((row) => /^(Open one|Single use|Third)/.exec(row.replace(/^Select[^A-Z]*/, ""))?.[1] ?? row)).toEqual([
      "Open one",
      "Single use",
      "Third",
    ]);
    const searched = rows(await (await owner.client.get("/shared?q=budget")).text(), "my-share-row");
    expect(searched).toHaveLength(1);
    // Another user's page shows nothing of the owner's.
    const elsewhere = await (await mallory.client.get("/shared")).text();
    expect(elsewhere).not.toContain("plan.txt");
    expect(elsewhere).not.toContain("Open one");
  });

  it("revokes several shares and links at once; someone else's id refuses the whole request", async () => {
    const shareIds = (await db.share.findMany({ where: { fileId: { in: files.map((f) => f.id) } }, select: { id: true } })).map(
      (s) => s.id,
    );
    const before = await snapshot();
    expect(await act(mallory.client, "/shared", ACTION_FILES.sharedByMe, "revokeSharesAction", { shareIds })).toEqual({
      ok: false,
      error: "Some of these shares were not found. Nothing was revoked.",
    });
    expect(await act(mallory.client, "/shared", ACTION_FILES.sharedByMe, "revokeLinksAction", { linkIds: links.map((l) => l.id) })).toEqual(
      { ok: false, error: "Some of these links were not found. Nothing was revoked." },
    );
    expect(await snapshot()).toEqual(before);

    expect(await act(owner.client, "/shared", ACTION_FILES.sharedByMe, "revokeSharesAction", { shareIds })).toEqual({
      ok: true,
      data: undefined,
      message: "Stopped 3 shares.",
    });
    expect(await db.share.count({ where: { id: { in: shareIds } } })).toBe(0);
    expect(await act(owner.client, "/shared", ACTION_FILES.sharedByMe, "revokeLinksAction", { linkIds: links.map((l) => l.id) })).toEqual({
      ok: true,
      data: undefined,
      message: "Revoked 3 links.",
    });
    expect((await db.link.findMany({ where: { id: { in: links.map((l) => l.id) } } })).every((l) => l.revokedAt)).toBe(true);
    expect((await visitor(server).get(links[0].path)).status).toBe(404);
  });
});

describe("the appearance switch", () => {
  it("keeps the choice in a cookie the server reads, for every page", async () => {
    const htmlTheme = async (client: Client, path: string) =>
      /<html[^>]*data-theme="([a-z]+)"/.exec(await (await client.get(path)).text())?.[1];
    expect(await htmlTheme(alice.client, "/dashboard")).toBe("system");
    expect(await act(alice.client, "/settings", ACTION_FILES.settings, "setThemeAction", { theme: "dark" })).toEqual({
      ok: true,
      data: undefined,
      message: "Coffer now uses the dark appearance.",
    });
    const cookie = alice.client.cookie("coffer-theme");
    expect(cookie).toMatchObject({ value: "dark", httpOnly: true, path: "/" });
    expect(await htmlTheme(alice.client, "/dashboard")).toBe("dark");
    // Signed out too: the cookie belongs to the browser.
    expect(await htmlTheme(new Client(server.url, { headers: { cookie: "coffer-theme=dark" } }), "/login")).toBe("dark");
    expect(await act(alice.client, "/settings", ACTION_FILES.settings, "setThemeAction", { theme: "purple" })).toMatchObject({ ok: false });
    // A cookie the server did not write is no theme.
    const forged = new Client(server.url, { headers: { cookie: 'coffer-theme="><script>' } });
    expect(await htmlTheme(forged, "/login")).toBe("system");
  });
});
