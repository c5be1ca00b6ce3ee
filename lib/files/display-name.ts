// A file's name is display metadata only: it never becomes a path. These rules make any name
// a user sends safe to show, to put in a header, and to save on Windows, macOS or Linux: the characters every
// short text loses (lib/short-text.ts), then what file systems need on top.
import { UNSAFE_TEXT } from "@/lib/short-text";

const MAX_BYTES = 255;
const SEPARATORS = /[/\\]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const FALLBACK = "unnamed";

function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let out = "";
  for (const char of text) {
    const size = Buffer.byteLength(char, "utf8");
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += char;
  }
  return out;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

export function toDisplayName(raw: string): string {
  // Lone surrogates (JSON input can carry them) cannot be encoded in a header: they become U+FFFD.
  // Normalizing after the removals keeps the result stable when a name is cleaned again (renamed to itself).
  let name = raw.toWellFormed().replace(UNSAFE_TEXT, "").replace(SEPARATORS, "").normalize("NFC");
  // Leading dots, dashes and spaces make hidden files and command-line options; trailing dots and spaces vanish on Windows.
  name = name
    .replace(/^[\s.-]+/u, "")
    .replace(/[\s.]+$/u, "")
    .replace(/\s+/gu, " ");
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if (Buffer.byteLength(name, "utf8") > MAX_BYTES) {
    const ext = extensionOf(name);
    // The extension as written (case included), not extensionOf's lower-cased copy.
    const keep = ext && Buffer.byteLength(ext, "utf8") <= 16 ? name.slice(name.lastIndexOf(".")) : "";
    // The cut can expose a trailing dot or space again.
    const stem = truncateUtf8(name.slice(0, name.length - keep.length), MAX_BYTES - Buffer.byteLength(keep, "utf8"));
    name = stem.replace(/[\s.]+$/u, "") + keep;
    // The cut can also uncover a device name ("con" + "." + extension); such a name is short, so the prefix fits.
    if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  }
  return name || FALLBACK;
}
