// Which bytes a download request asks for (lib/http/download/range.ts), without a server.
import { requestedRange } from "@/lib/http/download/range";

const ETAG = '"abc"';
const ask = (headers: Record<string, string>, size = 1000) => requestedRange(new Headers(headers), size, ETAG);

it("answers the whole file without a Range header", () => {
  expect(ask({})).toBeNull();
});

it.each([
  ["bytes=0-99", { start: 0, end: 99 }],
  ["bytes=500-", { start: 500, end: 999 }],
  ["bytes=-100", { start: 900, end: 999 }],
  ["bytes=990-5000", { start: 990, end: 999 }],
  ["bytes=0-0", { start: 0, end: 0 }],
  ["bytes=0-99,100-199", { start: 0, end: 199 }],
])("reads %s as one range", (header, range) => {
  expect(ask({ range: header })).toEqual(range);
});

it("treats a suffix longer than the file as the whole file (RFC 9110), not as unsatisfiable", () => {
  expect(ask({ range: "bytes=-5000" })).toEqual({ start: 0, end: 999 });
});

it.each(["bytes=1000-", "bytes=5000-6000"])("calls %s unsatisfiable", (header) => {
  expect(ask({ range: header })).toBe("unsatisfiable");
});

it.each(["bytes=abc", "items=0-9", "bytes=0-9,500-509", "garbage"])("answers %s with the whole file", (header) => {
  expect(ask({ range: header })).toBeNull();
});

it("honours If-Range only when it names the current ETag", () => {
  expect(ask({ range: "bytes=0-9", "if-range": ETAG })).toEqual({ start: 0, end: 9 });
  expect(ask({ range: "bytes=0-9", "if-range": '"stale"' })).toBeNull();
});
