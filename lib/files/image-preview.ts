// A WebP rendering of an uploaded image: a square thumbnail for lists and a larger preview for the file page.
// Rendered by sharp on first request from the decrypted original, then served from the encrypted cache. The
// output is a new image (metadata stripped, orientation applied), never the uploaded bytes, so a file that is
// both an image and something else (a JPEG/HTML polyglot) reaches the browser only as pixels. Decompression bombs
// are bounded four ways (docs/decisions/026): a canvas limit read from the header before anything is decoded, one
// streaming decode per file, renders in turns per owner (preview-render-queue.ts), and a per-owner budget of
// megapixels decoded.
import "server-only";
import { processSingleton } from "@/lib/process-state";
import sharp from "sharp";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { consume, reward } from "@/lib/rate-limit";
import { nextChunk } from "@/lib/streams/next-chunk";
import type { ServableFile } from "./access";
import { openFileRange } from "./open-file-range";
import { IMAGE_TYPES } from "./preview-kind";
import { readCachedPreview, writeCachedPreview, type PreviewVariant } from "./preview-cache";
import { inRenderTurn } from "./preview-render-queue";

/** Larger originals are not decoded (their preview is the download button): they would hold a core for long. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/**
 * Larger canvases are refused from their header, before a pixel is decoded: 50 megapixels is a full-size photo from
 * a 50 MP camera, and at 16 bits per channel about 400 MB if it were held whole (the decode streams it instead).
 */
export const MAX_PIXELS = 50_000_000;

// Rendered once per file and then read from the encrypted cache: libvips' own cache of operations would only keep
// the decoded pixels of bombs alive after a burst.
sharp.cache(false);

const SIZES: Record<PreviewVariant, { width: number; height: number; fit: "cover" | "inside" }> = {
  thumbnail: { width: 96, height: 96, fit: "cover" },
  large: { width: 1600, height: 1600, fit: "inside" },
};

// Renders in flight (both variants come from one decode), and files that could not be rendered this run.
const inFlight = processSingleton(
  "preview-renders",
  { kind: "per-request", why: "renders running on this process, which requests for the same file join" },
  () => new Map<string, Promise<Map<PreviewVariant, Buffer> | null>>(),
);
const failed = processSingleton(
  "preview-failures",
  { kind: "cache", why: "files this process could not render: another node tries once itself" },
  () => new Set<string>(),
);

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

async function render(file: ServableFile, ownerId: string): Promise<Map<PreviewVariant, Buffer> | null> {
  const rendered = new Map<PreviewVariant, Buffer>();
  try {
    const original = await readOriginal(file);
    const options = { limitInputPixels: MAX_PIXELS, failOn: "error", animated: false, sequentialRead: true } as const;
    // The header alone: a canvas over the limit is refused here, one under it is charged to its owner.
    const { width = 0, height = 0 } = await sharp(original, options).metadata();
    if (width * height > MAX_PIXELS) throw new Error(`${width} × ${height} pixels is more than a preview decodes`);
    const megapixels = Math.max(1, Math.ceil((width * height) / 1_000_000));
    const budget = await consume("previewMegapixels", ownerId, megapixels);
    if (!budget.ok) {
      // Nothing was decoded: the refused megapixels are given back, so what is left of the budget stays usable.
      await reward("previewMegapixels", ownerId, megapixels);
      throw new AppError("rate_limited", "Too many previews are being made for this account. Try again later.", {
        retryAfterSeconds: budget.retryAfterSeconds,
      });
    }
    // One decode of the original, streamed into the large size; the thumbnail is made from that.
    const large = await sharp(original, options)
      .autoOrient()
      .resize({ ...SIZES.large, withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer();
    rendered.set("large", large);
    rendered.set(
      "thumbnail",
      await sharp(large)
        .resize({ ...SIZES.thumbnail, withoutEnlargement: true })
        .webp({ quality: 70 })
        .toBuffer(),
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
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

/**
 * The WebP preview of an image file, or null for a file that has none (not an image Coffer renders, too large,
 * undecodable). Throws "not ready" (503) when the render queue is full and "rate limited" (429) when the file's owner
 * has spent their budget of decoded megapixels; neither is remembered as a failure.
 */
export async function imagePreview(file: ServableFile, variant: PreviewVariant, opts: { ownerId: string }): Promise<Buffer | null> {
  if (!IMAGE_TYPES.has(file.mimeType) || Number(file.size) === 0 || Number(file.size) > MAX_IMAGE_BYTES || failed.has(file.id)) return null;
  const cached = await readCachedPreview(file, variant);
  if (cached) return cached;
  let pending = inFlight.get(file.id);
  if (!pending) {
    pending = inRenderTurn(opts.ownerId, () => render(file, opts.ownerId)).finally(() => inFlight.delete(file.id));
    inFlight.set(file.id, pending);
  }
  return (await pending)?.get(variant) ?? null;
}
