// A WebP rendering of an uploaded image: a square thumbnail for lists and a larger preview for the file page.
// Rendered by sharp on first request from the decrypted original, then served from the encrypted cache. The
// output is a new image (metadata stripped, orientation applied), never the uploaded bytes, so a file that is
// both an image and something else (a JPEG/HTML polyglot) reaches the browser only as pixels.
import "server-only";
import sharp from "sharp";
import { logger } from "@/lib/logger";
import { nextChunk } from "@/lib/streams/next-chunk";
import type { ServableFile } from "./access";
import { openFileRange } from "./open-file-range";
import { IMAGE_TYPES } from "./preview-kind";
import { readCachedPreview, writeCachedPreview, type PreviewVariant } from "./preview-cache";

/** Larger originals are not decoded (their preview is the download button): they would hold a core for long. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/** Decompression bombs: a small file that claims a huge canvas is refused before it is decoded. */
const MAX_PIXELS = 100_000_000;
const RENDERS_AT_ONCE = 2;

const SIZES: Record<PreviewVariant, { width: number; height: number; fit: "cover" | "inside" }> = {
  thumbnail: { width: 96, height: 96, fit: "cover" },
  large: { width: 1600, height: 1600, fit: "inside" },
};

// Renders in flight (both variants come from one decode), and files that could not be rendered this run.
const state = globalThis as unknown as {
  cofferPreviewRenders?: Map<string, Promise<Map<PreviewVariant, Buffer> | null>>;
  cofferPreviewFailures?: Set<string>;
};
const inFlight = (state.cofferPreviewRenders ??= new Map());
const failed = (state.cofferPreviewFailures ??= new Set());
let running = 0;
const waiting: (() => void)[] = [];

async function withRenderSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= RENDERS_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

async function readOriginal(file: ServableFile): Promise<Buffer> {
  const size = Number(file.size);
  const { plaintext, first } = await openFileRange(file, 0, size - 1);
  const chunks: Buffer[] = first ? [first] : [];
  try {
    for (let chunk = await nextChunk(plaintext); chunk; chunk = await nextChunk(plaintext)) chunks.push(chunk);
  } finally {
    plaintext.destroy();
  }
  return Buffer.concat(chunks, size);
}

async function render(file: ServableFile): Promise<Map<PreviewVariant, Buffer> | null> {
  const rendered = new Map<PreviewVariant, Buffer>();
  try {
    const original = await readOriginal(file);
    for (const [variant, size] of Object.entries(SIZES) as [PreviewVariant, (typeof SIZES)[PreviewVariant]][]) {
      const image = sharp(original, { limitInputPixels: MAX_PIXELS, failOn: "error", animated: false })
        .rotate()
        .resize({ ...size, withoutEnlargement: true })
        .webp({ quality: variant === "thumbnail" ? 70 : 82 });
      rendered.set(variant, await image.toBuffer());
    }
  } catch (error) {
    failed.add(file.id);
    logger.warn({ fileId: file.id, err: { name: (error as Error).name, message: (error as Error).message } }, "image preview not rendered");
    return null;
  }
  // A rendering that could not be cached is still served; the next request renders it again.
  for (const [variant, bytes] of rendered) {
    await writeCachedPreview(file, variant, bytes).catch((error) => logger.warn({ fileId: file.id, err: error }, "preview not cached"));
  }
  return rendered;
}

/** The WebP preview of an image file, or null for a file that has none (not an image Coffer renders, too large, undecodable). */
export async function imagePreview(file: ServableFile, variant: PreviewVariant): Promise<Buffer | null> {
  if (!IMAGE_TYPES.has(file.mimeType) || Number(file.size) === 0 || Number(file.size) > MAX_IMAGE_BYTES || failed.has(file.id)) return null;
  const cached = await readCachedPreview(file, variant);
  if (cached) return cached;
  let pending = inFlight.get(file.id);
  if (!pending) {
    pending = withRenderSlot(() => render(file)).finally(() => inFlight.delete(file.id));
    inFlight.set(file.id, pending);
  }
  return (await pending)?.get(variant) ?? null;
}
