// The file list's keyset cursor (lib/files/file-list-cursor.ts): it names a position by sort value and id,
// it opens only for the user and the order it was made for, and nothing else decodes as a cursor.
import { randomBytes } from "node:crypto";

process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
process.env.STORAGE_MASTER_KEY = `k1:${randomBytes(32).toString("base64url")}`;

type CursorModule = typeof import("@/lib/files/file-list-cursor");
type SigningModule = typeof import("@/lib/signing-key");
let cursors: CursorModule;
let signing: SigningModule;

beforeAll(async () => {
  cursors = await import("@/lib/files/file-list-cursor");
  signing = await import("@/lib/signing-key");
});

const NAME_ASC = { sort: "name", dir: "asc" } as const;

it("carries the row's sort value and id, for each sort order", () => {
  const cases = [
    { sort: "name", dir: "asc", side: "after", value: 'quarterly "report" ü.pdf', id: "file_1" },
    { sort: "size", dir: "desc", side: "before", value: 9007199254740993n, id: "file_2" },
    { sort: "date", dir: "asc", side: "after", value: new Date("2026-11-29T20:15:03.123Z"), id: "file_3" },
  ] as const;
  for (const cursor of cases) {
    const text = cursors.encodeFileListCursor("user_a", cursor);
    expect(cursors.decodeFileListCursor("user_a", text, cursor)).toEqual(cursor);
  }
});

it("opens for no other user, and for no other sort order", () => {
  const text = cursors.encodeFileListCursor("user_a", { ...NAME_ASC, side: "after", value: "a", id: "file_1" });
  expect(cursors.decodeFileListCursor("user_b", text, NAME_ASC)).toBeNull();
  expect(cursors.decodeFileListCursor("user_a", text, { sort: "name", dir: "desc" })).toBeNull();
  expect(cursors.decodeFileListCursor("user_a", text, { sort: "size", dir: "asc" })).toBeNull();
});

it("refuses a bare id, a tampered cursor and anything after a valid one", () => {
  const text = cursors.encodeFileListCursor("user_a", { ...NAME_ASC, side: "after", value: "a", id: "file_1" });
  const [body, mac] = text.split(".");
  const otherBody = Buffer.from(JSON.stringify({ s: "name", d: "asc", w: "after", v: "b", i: "file_2" })).toString("base64url");
  for (const value of ["file_1", "", ".", body, `${otherBody}.${mac}`, `${body}.${mac.slice(1)}A`, `${text}.`, `${text}x`, ` ${text}`]) {
    expect(cursors.decodeFileListCursor("user_a", value, NAME_ASC)).toBeNull();
  }
});

it("refuses a signed payload that is not a cursor (a value that does not fit its sort order, extra fields)", () => {
  const signed = (payload: unknown) => {
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return `${body}.${signing.sign("file-list-cursor", `user_a\n${body}`)}`;
  };
  const good = { s: "size", d: "asc", w: "after", v: "12", i: "file_1" };
  expect(cursors.decodeFileListCursor("user_a", signed(good), { sort: "size", dir: "asc" })).toMatchObject({ value: 12n });
  for (const payload of [
    { ...good, v: "12.5" },
    { ...good, v: "-1" },
    { ...good, v: "012" },
    { ...good, v: "99999999999999999999" },
    { ...good, w: "around" },
    { ...good, extra: 1 },
    { ...good, i: "" },
    [good],
  ]) {
    expect(cursors.decodeFileListCursor("user_a", signed(payload), { sort: "size", dir: "asc" })).toBeNull();
  }
  const date = { s: "date", d: "asc", w: "after", i: "file_1" };
  for (const v of ["2026-02-30T00:00:00.000Z", "2026-11-29", "yesterday"]) {
    expect(cursors.decodeFileListCursor("user_a", signed({ ...date, v }), { sort: "date", dir: "asc" })).toBeNull();
  }
});

it("is signed with a key of its own: an unlock cookie's MAC does not verify as a cursor's", () => {
  const body = Buffer.from(JSON.stringify({ s: "name", d: "asc", w: "after", v: "a", i: "file_1" })).toString("base64url");
  const unlockMac = signing.sign("link-unlock-cookie", `user_a\n${body}`);
  expect(cursors.decodeFileListCursor("user_a", `${body}.${unlockMac}`, NAME_ASC)).toBeNull();
});
