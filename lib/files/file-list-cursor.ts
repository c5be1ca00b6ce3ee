// Where a page of a user's file list starts: just after (or just before) one row, named by that row's sort
// value and id. The cursor carries those values itself, signed and bound to the user it was made for, so
// listing never looks a row up by an id the caller sent (docs/decisions/021). Anything else that arrives as
// a cursor (another user's, a tampered one, a bare file id, one for another sort order) is no cursor.
import "server-only";
import { z } from "zod";
import { sign, verifySignature } from "@/lib/signing-key";
import { SORT_FIELDS, type ListFilesQuery } from "./schemas";

export type FileSort = ListFilesQuery["sort"];
export type SortDirection = ListFilesQuery["dir"];
export type SortValue = string | bigint | Date;

export type FileListCursor = {
  sort: FileSort;
  dir: SortDirection;
  /** "after": the page holds the rows that follow this row; "before": the rows that precede it. */
  side: "after" | "before";
  value: SortValue;
  id: string;
};

const payloadSchema = z.strictObject({
  s: z.enum(SORT_FIELDS),
  d: z.enum(["asc", "desc"]),
  w: z.enum(["after", "before"]),
  v: z.string().max(4096),
  i: z.string().min(1).max(64),
});

function writeValue(value: SortValue): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === "bigint" ? value.toString() : value;
}

function readValue(sort: FileSort, text: string): SortValue | null {
  if (sort === "name") return text;
  if (sort === "size") return /^(0|[1-9]\d{0,18})$/.test(text) ? BigInt(text) : null;
  const date = new Date(text);
  return !Number.isNaN(date.getTime()) && date.toISOString() === text ? date : null;
}

const signed = (userId: string, body: string) => `${userId}\n${body}`;

export function encodeFileListCursor(userId: string, cursor: FileListCursor): string {
  const payload = { s: cursor.sort, d: cursor.dir, w: cursor.side, v: writeValue(cursor.value), i: cursor.id };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${sign("file-list-cursor", signed(userId, body))}`;
}

/** The cursor, if `text` is one this user was given for this sort order; otherwise null. */
export function decodeFileListCursor(userId: string, text: string, order: { sort: FileSort; dir: SortDirection }): FileListCursor | null {
  const parts = /^([A-Za-z0-9_-]{1,6000})\.([A-Za-z0-9_-]{43})$/.exec(text);
  if (!parts || !verifySignature("file-list-cursor", signed(userId, parts[1]), parts[2])) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const payload = payloadSchema.safeParse(json);
  if (!payload.success || payload.data.s !== order.sort || payload.data.d !== order.dir) return null;
  const value = readValue(payload.data.s, payload.data.v);
  if (value === null) return null;
  return { sort: payload.data.s, dir: payload.data.d, side: payload.data.w, value, id: payload.data.i };
}
