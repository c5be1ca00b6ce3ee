// The trails people read, over real HTTP: the account's activity on /settings as sentences in its owner's
// words, filtered by kind; the admin's audit trail as sentences with the raw code beside them, a page at a
// time with keyset pagination (issue 13: it showed only the newest 100 events with no way to page).
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { Client } from "../../support/http-client";
import { createLink, member, revokeShare, shareFile, uploadFile, type Member } from "../../support/sharing";

jest.setTimeout(120_000);

let server: TestServer;
let admin: Member;

beforeAll(async () => {
  server = await startServer();
  admin = await member(server, { role: "admin" });
});

afterAll(async () => {
  await server?.stop();
});

// The labels a cell shows on phones (aria-hidden, data-card-label) are not part of its text.
const decode = (text: string) =>
  text
    .replace(/<span[^>]*data-card-label[^>]*>[^<]*<\/span>/g, "")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();

/** The audit rows of a page: each event's id and the text of its cells (the sentence first). */
function auditRows(html: string): { id: string; cells: string[] }[] {
  return [...html.matchAll(/<tr[^>]*data-testid="audit-row"[^>]*data-event-id="([^"]+)"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => ({
    id: m[1],
    cells: [...m[2].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => decode(cell[1])),
  }));
}

/** The "Older" link of the audit pager, if the page has one. */
function olderHref(html: string): string | null {
  const nav = /<nav aria-label="(?:Audit trail|Account activity) pages"[^>]*>([\s\S]*?)<\/nav>/.exec(html);
  const link = nav && /<a[^>]*href="([^"]+)"[^>]*>Older<\/a>/.exec(nav[1]);
  return link ? link[1].replace(/&amp;/g, "&") : null;
}

async function html(client: Client, path: string) {
  const response = await client.get(path);
  expect(response.status).toBe(200);
  return response.text();
}

describe("the account's activity on /settings", () => {
  let alice: Member;
  let bob: Member;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([member(server), member(server)]);
    const file = await uploadFile(alice, "notes.txt", Buffer.from("notes\n"));
    expect((await shareFile(alice.client, file.id, bob.username)).ok).toBe(true);
    const share = await db.share.findFirstOrThrow({ where: { fileId: file.id } });
    expect((await revokeShare(alice.client, file.id, share.id)).ok).toBe(true);
    await createLink(alice, file.id, { label: "Client review" });
    // A sign-in from a known browser: its name and system are kept, not the user agent.
    const firefox = new Client(server.url, {
      headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" },
    });
    expect(await firefox.signIn(alice.username, alice.password)).toBe(true);
  });

  it("writes each event as a sentence in the owner's words, newest first, with how long ago", async () => {
    const rows = auditRows(await html(alice.client, "/settings"));
    expect(rows.map((row) => row.cells[0])).toEqual([
      "Signed in from this machine with Firefox on Linux",
      'You created the link "Client review" to notes.txt',
      `You stopped sharing notes.txt with ${bob.username}`,
      `You shared notes.txt with ${bob.username}`,
      "You uploaded notes.txt",
      "Signed in from this machine",
    ]);
    // The time, relative, with the exact time for hover and screen readers.
    expect(rows[0].cells[1]).toMatch(/^just now \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\)$/);
    const stored = await db.auditEvent.findFirstOrThrow({ where: { userId: alice.id, kind: "auth.sign_in", device: { not: null } } });
    expect(stored.device).toBe("Firefox on Linux");
    expect(JSON.stringify(await db.auditEvent.findMany())).not.toContain("Gecko/20100101");
  });

  it("filters by kind", async () => {
    const signIns = auditRows(await html(alice.client, "/settings?activity=sign-ins")).map((row) => row.cells[0]);
    expect(signIns).toEqual(["Signed in from this machine with Firefox on Linux", "Signed in from this machine"]);
    const sharing = auditRows(await html(alice.client, "/settings?activity=sharing")).map((row) => row.cells[0]);
    expect(sharing).toHaveLength(3);
    expect(auditRows(await html(alice.client, "/settings?activity=files")).map((row) => row.cells[0])).toEqual(["You uploaded notes.txt"]);
    // An unknown kind is no filter at all.
    expect(auditRows(await html(alice.client, "/settings?activity=everything"))).toHaveLength(6);
  });

  it("keeps the raw codes for admins, and names the user in the admin's words", async () => {
    const rows = auditRows(await html(admin.client, `/admin?user=${alice.username}&kind=file.uploaded`));
    expect(rows).toHaveLength(1);
    expect(rows[0].cells[0]).toBe(`${alice.username} uploaded notes.txt`);
    expect(rows[0].cells).toContain("file.uploaded");
    expect(rows[0].cells).toContain(alice.username);
  });
});

describe("the admin's audit trail, a page at a time", () => {
  let carol: Member;
  const EVENTS = 130;

  beforeAll(async () => {
    carol = await member(server);
    // 130 events of carol's, most of them at the same millisecond, so only the id breaks the ties.
    const at = new Date(Date.now() - 60_000);
    await db.auditEvent.createMany({
      data: Array.from({ length: EVENTS }, (_, i) => ({
        kind: "file.uploaded",
        userId: carol.id,
        actorId: carol.id,
        fileName: `bulk-${String(i).padStart(3, "0")}.txt`,
        createdAt: i < 100 ? at : new Date(at.getTime() + i),
      })),
    });
  });

  it("pages through every event exactly once, in order, 50 at a time", async () => {
    const expected = (
      await db.auditEvent.findMany({ where: { userId: carol.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } })
    ).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(EVENTS);
    const seen: string[] = [];
    const sizes: number[] = [];
    let path: string | null = `/admin?user=${carol.username}`;
    for (let pages = 0; path && pages < 10; pages++) {
      const page = await html(admin.client, path);
      const rows = auditRows(page);
      sizes.push(rows.length);
      seen.push(...rows.map((row) => row.id));
      const older = olderHref(page);
      // The filter travels with the cursor.
      if (older) expect(older).toContain(`user=${carol.username}`);
      path = older;
    }
    expect(seen).toEqual(expected);
    expect(sizes).toEqual([50, 50, expected.length - 100]);
  });

  it("starts at the newest event for a cursor that is not one, and keeps a cursor inside the filter", async () => {
    const first = auditRows(await html(admin.client, `/admin?user=${carol.username}`)).map((row) => row.id);
    // Not a cursor, or one from the far future: the page starts at the newest event.
    for (const cursor of ["garbage", "%00", "MTIzNDU", Buffer.from("99999999999999.zzz").toString("base64url")]) {
      const rows = auditRows(await html(admin.client, `/admin?user=${carol.username}&cursor=${cursor}`)).map((row) => row.id);
      expect(rows).toEqual(first);
    }
    // A cursor made from another user's event moves within carol's events only.
    const aliceEvent = await db.auditEvent.findFirstOrThrow({ where: { userId: { not: carol.id } }, orderBy: { createdAt: "desc" } });
    const foreign = Buffer.from(`${aliceEvent.createdAt.getTime()}.${aliceEvent.id}`).toString("base64url");
    const rows = auditRows(await html(admin.client, `/admin?user=${carol.username}&cursor=${foreign}`));
    expect(rows.every((row) => row.cells.includes(carol.username))).toBe(true);
  });

  it("pages a user's own activity on /settings the same way", async () => {
    const page = await html(carol.client, "/settings");
    expect(auditRows(page)).toHaveLength(50);
    const older = olderHref(page);
    expect(older).toMatch(/^\/settings\?cursor=/);
    const next = auditRows(await html(carol.client, older!));
    expect(next).toHaveLength(50);
    expect(next[0].cells[0]).toMatch(/^You uploaded bulk-\d{3}\.txt$/);
  });
});
