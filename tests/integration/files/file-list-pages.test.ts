// The dashboard's file list, page by page. Cursors carry the sort values of the row a page starts from,
// signed for the user they were made for (lib/files/file-list-cursor.ts): paging in every sort order visits
// each file exactly once, back and forth, and anything else sent as a cursor (another user's file id, a
// tampered or foreign cursor) shows exactly the first page, so it cannot be used to learn about other files.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { nameColumns } from "@/lib/files/name-search";
import { listFiles, PAGE_SIZE, type FilePage } from "@/lib/files/list-files";
import { listFilesSchema, type ListFilesQuery } from "@/lib/files/schemas";
import { createUser } from "../../support/factories";
import { startServer, type TestServer } from "../../support/server";
import { member, type Member } from "../../support/sharing";
import type { Client } from "../../support/http-client";

jest.setTimeout(120_000);

const ORDERS = (["name", "size", "date"] as const).flatMap((sort) => (["asc", "desc"] as const).map((dir) => ({ sort, dir })));
const BASE = Date.UTC(2026, 5, 1, 12);

type Row = { id: string; name: string; size: bigint; createdAt: Date };

/** Inserts files straight into the database: only their rows matter to the list. */
async function insertFiles(ownerId: string, specs: { name: string; size: number; at: number }[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const spec of specs) {
    rows.push(
      await db.file.create({
        data: {
          ownerId,
          ...nameColumns(spec.name),
          size: BigInt(spec.size),
          mimeType: "text/plain",
          sha256: "0".repeat(64),
          storageKey: randomBytes(16).toString("hex"),
          wrappedKey: "v1.x",
          masterKeyId: "k1",
          createdAt: new Date(spec.at),
        },
        select: { id: true, name: true, size: true, createdAt: true },
      }),
    );
  }
  return rows;
}

/** SQLite's order: names byte by byte, sizes and dates by value, ties by id. */
function expectedOrder(rows: Row[], sort: ListFilesQuery["sort"], dir: ListFilesQuery["dir"]): string[] {
  const value = (r: Row) => (sort === "name" ? r.name : sort === "size" ? r.size : r.createdAt.getTime());
  const compare = (a: Row, b: Row) => {
    const [x, y] = [value(a), value(b)];
    const byValue =
      typeof x === "string"
        ? Buffer.compare(Buffer.from(x), Buffer.from(y as string))
        : x < (y as typeof x)
          ? -1
          : x > (y as typeof x)
            ? 1
            : 0;
    return byValue || Buffer.compare(Buffer.from(a.id), Buffer.from(b.id));
  };
  const sorted = [...rows].sort(compare).map((r) => r.id);
  return dir === "asc" ? sorted : sorted.reverse();
}

const query = (sort: ListFilesQuery["sort"], dir: ListFilesQuery["dir"], extra: Record<string, string> = {}) =>
  listFilesSchema.parse({ sort, dir, ...extra });

describe("paging through the list (in-process)", () => {
  let owner: Row[];
  let ownerId: string;

  beforeAll(async () => {
    ownerId = (await createUser()).id;
    const otherId = (await createUser()).id;
    // Ties everywhere: 20 names three times over (upper and lower case, an accent), sizes 0..6, and dates
    // shared by five files each, so that only the id decides between many rows.
    const names = Array.from({ length: 20 }, (_, i) => [`report-${i % 10}.txt`, `Report-${i % 10}.txt`][i % 2]);
    names[3] = "résumé.pdf";
    owner = await insertFiles(
      ownerId,
      Array.from({ length: 60 }, (_, i) => ({ name: names[i % 20], size: i % 7, at: BASE + Math.floor(i / 5) * 1000 })),
    );
    // Another user's files sit between the owner's in every order; none may show up.
    await insertFiles(
      otherId,
      Array.from({ length: 15 }, (_, i) => ({ name: names[i % 20], size: i % 7, at: BASE + i * 1000 })),
    );
  });

  async function walk(first: FilePage, sort: ListFilesQuery["sort"], dir: ListFilesQuery["dir"], extra: Record<string, string> = {}) {
    const pages: FilePage[] = [first];
    while (pages[pages.length - 1].nextCursor) {
      const cursor = pages[pages.length - 1].nextCursor!;
      pages.push(await listFiles({ userId: ownerId, query: query(sort, dir, { ...extra, cursor }) }));
      expect(pages.length).toBeLessThanOrEqual(10);
    }
    return pages;
  }

  it.each(ORDERS)("visits every file once, in order, sorted by $sort $dir", async ({ sort, dir }) => {
    const first = await listFiles({ userId: ownerId, query: query(sort, dir) });
    expect(first.previousCursor).toBeNull();
    const pages = await walk(first, sort, dir);
    expect(pages.map((p) => p.files.length)).toEqual([PAGE_SIZE, PAGE_SIZE, 60 - 2 * PAGE_SIZE]);
    expect(pages.flatMap((p) => p.files.map((f) => f.id))).toEqual(expectedOrder(owner, sort, dir));

    // And back: "Previous page" from the last page lands on exactly the pages seen on the way forward.
    const back: FilePage[] = [pages[pages.length - 1]];
    while (back[back.length - 1].previousCursor) {
      back.push(await listFiles({ userId: ownerId, query: query(sort, dir, { cursor: back[back.length - 1].previousCursor! }) }));
      expect(back.length).toBeLessThanOrEqual(10);
    }
    expect(back.reverse().map((p) => p.files.map((f) => f.id))).toEqual(pages.map((p) => p.files.map((f) => f.id)));
    expect(pages[1].previousCursor).not.toBeNull();
  });

  it("pages through search results the same way", async () => {
    const search = { q: "eport-" };
    const pages = await walk(await listFiles({ userId: ownerId, query: query("name", "asc", search) }), "name", "asc", search);
    const matching = owner.filter((r) => r.name.includes("eport-"));
    expect(pages).toHaveLength(3);
    expect(pages.flatMap((p) => p.files.map((f) => f.id))).toEqual(expectedOrder(matching, "name", "asc"));
  });

  it("finds names whatever their case, accents included, and takes % and _ literally, on every provider", async () => {
    const found = async (q: string) =>
      (await walk(await listFiles({ userId: ownerId, query: query("name", "asc", { q }) }), "name", "asc", { q })).flatMap((p) =>
        p.files.map((f) => f.id),
      );
    const matching = (q: string) =>
      expectedOrder(
        owner.filter((r) => r.name.toLowerCase().includes(q.toLowerCase())),
        "name",
        "asc",
      );
    for (const q of ["REPORT-1", "report-1", "rÉsumÉ", "RÉSUMÉ.PDF"]) {
      expect(await found(q)).toEqual(matching(q));
      expect(matching(q).length).toBeGreaterThan(0);
    }
    // LIKE's own characters are plain characters in a search.
    expect(await found("%")).toEqual([]);
    expect(await found("_")).toEqual([]);
    const userId = (await createUser()).id;
    const names = ["100% done.txt", "100x done.txt", "a_b.txt", "axb.txt", "back\\slash.txt", "backslash.txt"];
    const rows = await insertFiles(
      userId,
      names.map((name, i) => ({ name, size: i, at: BASE + i })),
    );
    const idsOf = async (q: string) => (await listFiles({ userId, query: query("name", "asc", { q }) })).files.map((f) => f.name);
    expect(await idsOf("0% D")).toEqual(["100% done.txt"]);
    expect(await idsOf("A_B")).toEqual(["a_b.txt"]);
    expect(await idsOf("K\\S")).toEqual(["back\\slash.txt"]);
    expect(rows).toHaveLength(names.length);
  });

  it("starts over when the files past a cursor were deleted", async () => {
    const userId = (await createUser()).id;
    const rows = await insertFiles(
      userId,
      Array.from({ length: PAGE_SIZE + 3 }, (_, i) => ({ name: `f-${String(i).padStart(2, "0")}`, size: i, at: BASE + i })),
    );
    const first = await listFiles({ userId, query: query("name", "asc") });
    await db.file.deleteMany({ where: { id: { in: rows.slice(PAGE_SIZE).map((r) => r.id) } } });
    const second = await listFiles({ userId, query: query("name", "asc", { cursor: first.nextCursor! }) });
    expect(second).toEqual({ ...first, nextCursor: null });
  });
});

describe("cursors that are not the caller's (over HTTP)", () => {
  let server: TestServer;
  let alice: Member;
  let bob: Member;
  let bobFileId: string;

  beforeAll(async () => {
    server = await startServer();
    [alice, bob] = await Promise.all([member(server), member(server)]);
    // Bob's file sorts in the middle of Alice's in every order: as a cursor it would skip half of her list.
    await insertFiles(
      alice.id,
      Array.from({ length: 40 }, (_, i) => ({ name: `alice-${String(i).padStart(2, "0")}.txt`, size: 100 + i, at: BASE + i * 1000 })),
    );
    [{ id: bobFileId }] = await insertFiles(bob.id, [{ name: "alice-20-secret.txt", size: 120, at: BASE + 20_500 }]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  type Listing = { ids: string[]; next: string | null; previous: string | null; first: string | null };

  /** The file rows and paging links of a dashboard page. */
  async function listing(client: Client, params: Record<string, string>): Promise<Listing> {
    const response = await client.get(`/dashboard?${new URLSearchParams(params)}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const link = (label: string) => {
      const found = new RegExp(`<a [^>]*href="([^"]*)"[^>]*>${label}</a>`).exec(html);
      return found ? found[1].replaceAll("&amp;", "&") : null;
    };
    const ids = [...html.matchAll(/href="\/files\/([A-Za-z0-9_-]+)"/g)].map((m) => m[1]);
    return { ids, next: link("Next page"), previous: link("Previous page"), first: link("First page") };
  }

  const cursorOf = (href: string) => new URLSearchParams(href.split("?")[1]).get("cursor")!;

  it.each(ORDERS)("another user's file id as cursor shows exactly the first page ($sort $dir)", async ({ sort, dir }) => {
    const first = await listing(alice.client, { sort, dir });
    expect(first.ids).toHaveLength(PAGE_SIZE);
    expect(first.previous).toBeNull();
    expect(first.next).not.toBeNull();
    expect(await listing(alice.client, { sort, dir, cursor: bobFileId })).toEqual(first);
    // Her own file's id is no cursor either: only cursors the server made are.
    expect(await listing(alice.client, { sort, dir, cursor: first.ids[10] })).toEqual(first);
  });

  it("a tampered, foreign or mismatched cursor shows exactly the first page", async () => {
    const first = await listing(alice.client, { sort: "name", dir: "asc" });
    const cursor = cursorOf(first.next!);
    const second = await listing(alice.client, { sort: "name", dir: "asc", cursor });
    expect(second.ids).toHaveLength(40 - PAGE_SIZE);
    expect(second.ids.some((id) => first.ids.includes(id))).toBe(false);
    expect(second.previous).not.toBeNull();

    const [body, mac] = cursor.split(".");
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, string>;
    const forged = Buffer.from(JSON.stringify({ ...payload, v: "alice-20-secret.txt", i: bobFileId })).toString("base64url");
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === "A" ? "B" : "A"}${text.slice(at + 1)}`;
    for (const tampered of [
      `${forged}.${mac}`,
      `${flip(body, 5)}.${mac}`,
      `${body}.${flip(mac, 5)}`,
      `${cursor}.x`,
      `${cursor}x`,
      body,
      "garbage",
    ]) {
      expect(await listing(alice.client, { sort: "name", dir: "asc", cursor: tampered })).toEqual(first);
    }
    // A cursor made for one order means nothing in another.
    expect(await listing(alice.client, { sort: "name", dir: "desc", cursor })).toEqual(
      await listing(alice.client, { sort: "name", dir: "desc" }),
    );
    expect(await listing(alice.client, { sort: "size", dir: "asc", cursor })).toEqual(
      await listing(alice.client, { sort: "size", dir: "asc" }),
    );
    // Alice's cursor in Bob's hands is no cursor: Bob sees his own first page.
    expect(await listing(bob.client, { sort: "name", dir: "asc", cursor })).toEqual(
      await listing(bob.client, { sort: "name", dir: "asc" }),
    );
    expect((await listing(bob.client, { sort: "name", dir: "asc", cursor })).ids).toEqual([bobFileId]);
  });

  it("pages forward and back through the dashboard's own links", async () => {
    const first = await listing(alice.client, { sort: "size", dir: "desc" });
    const second = await listing(alice.client, Object.fromEntries(new URLSearchParams(first.next!.split("?")[1])));
    expect(second.next).toBeNull();
    expect(second.first).toBe("/dashboard?sort=size&dir=desc");
    const back = await listing(alice.client, Object.fromEntries(new URLSearchParams(second.previous!.split("?")[1])));
    expect(back).toEqual(first);
  });
});
