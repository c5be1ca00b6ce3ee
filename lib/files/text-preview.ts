// The first 64 KiB of a text file, decoded as UTF-8, for the file page to show as escaped text. A file with a
// NUL byte in that window is not text, whatever its name says: it gets no preview.
import "server-only";
import { nextChunk } from "@/lib/streams/next-chunk";
import type { ServableFile } from "./access";
import { openFileRange } from "./open-file-range";

export const TEXT_PREVIEW_BYTES = 64 * 1024;

export type TextPreview = { text: string; truncated: boolean };

export async function readTextPreview(file: ServableFile): Promise<TextPreview | null> {
  const size = Number(file.size);
  if (size === 0) return { text: "", truncated: false };
  const length = Math.min(size, TEXT_PREVIEW_BYTES);
  const { plaintext, first } = await openFileRange(file, 0, length - 1);
  const chunks: Buffer[] = first ? [first] : [];
  try {
    for (let chunk = await nextChunk(plaintext); chunk; chunk = await nextChunk(plaintext)) chunks.push(chunk);
  } finally {
    plaintext.destroy();
  }
  const bytes = Buffer.concat(chunks);
  if (bytes.includes(0)) return null;
  // `stream: true` leaves out a character cut in half by the window instead of showing a replacement mark.
  const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes, { stream: size > length });
  return { text, truncated: size > length };
}
