// Which bytes a download request asks for: one range, the whole file, or a range the file cannot satisfy.
import parseRange from "range-parser";

export type ByteRange = { start: number; end: number };

/**
 * The single byte range a request asks for, or null for the whole file (no Range header, an If-Range that
 * no longer matches, a malformed header, or several ranges, which RFC 9110 lets a server answer in full).
 */
export function requestedRange(
  headers: { get(name: string): string | null },
  size: number,
  etag: string,
): ByteRange | "unsatisfiable" | null {
  const header = headers.get("range");
  if (!header) return null;
  const ifRange = headers.get("if-range");
  if (ifRange && ifRange !== etag) return null;
  // RFC 9110 §14.1.2: a suffix longer than the file selects all of it (range-parser calls it unsatisfiable).
  const suffix = /^bytes=-(\d+)$/i.exec(header.trim());
  if (suffix && size > 0 && Number(suffix[1]) > size) return { start: 0, end: size - 1 };
  const ranges = parseRange(size, header, { combine: true });
  if (ranges === -1) return "unsatisfiable";
  if (ranges === -2 || ranges.type !== "bytes" || ranges.length !== 1) return null;
  return { start: ranges[0].start, end: ranges[0].end };
}
