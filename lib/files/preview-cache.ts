// Rendered previews (WebP), kept encrypted like any blob: the segmented AES-256-GCM format of lib/crypto under a
// key derived from the file's own data key, in the previews namespace of the configured store (STORAGE_DIR/previews
// or <prefix>previews/ in the bucket), apart from files' blobs, so the storage sweeper never mistakes them for
// orphaned files. A preview is named after its file's id: whether it exists is the cache lookup, and no table has
// to follow it.
import "server-only";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { ciphertextSize, decryptRange, plaintextSizeOf, SegmentSealer } from "@/lib/crypto/segmented-stream";
import { unwrapFileKey } from "@/lib/crypto/key-ring";
import { deriveFileSubkey } from "@/lib/crypto/derive-key";
import { blobStore, type BlobSpace } from "@/lib/storage";

export const PREVIEW_VARIANTS = ["thumbnail", "large"] as const;
export type PreviewVariant = (typeof PREVIEW_VARIANTS)[number];

type KeyedFile = { id: string; wrappedKey: string; masterKeyId: string };

/** Unfinished preview writes older than this are taken for a crashed render, even while their file exists. */
const ABANDONED_RENDER_MS = 60 * 60 * 1000;

const previewSpace = (): BlobSpace => blobStore().previews;

const previewKey = (fileId: string, variant: PreviewVariant) => `${fileId}-${variant}`;
const fileIdOf = (key: string) => /^(.+)-(thumbnail|large)$/.exec(key)?.[1] ?? null;

function keyFor(file: KeyedFile, variant: PreviewVariant): Buffer {
  const dataKey = unwrapFileKey(file);
  try {
    return deriveFileSubkey(dataKey, `preview:${variant}`);
  } finally {
    dataKey.fill(0);
  }
}

/** The cached preview, or null when there is none (or it does not decrypt: it is rendered again). */
export async function readCachedPreview(file: KeyedFile, variant: PreviewVariant): Promise<Buffer | null> {
  const space = previewSpace();
  const name = previewKey(file.id, variant);
  // One read of the whole blob: its size comes with its bytes.
  const opened = await space.read(name, { start: 0, end: Number.MAX_SAFE_INTEGER - 1 });
  if (!opened) return null;
  const size = plaintextSizeOf(opened.size);
  if (size === null || size === 0) {
    opened.body.destroy();
    return null;
  }
  const key = keyFor(file, variant);
  try {
    const chunks: Buffer[] = [];
    const plaintext = decryptRange({
      dataKey: key,
      plaintextSize: size,
      start: 0,
      end: size - 1,
      openCiphertext: () => opened.body,
    });
    for await (const chunk of plaintext) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } catch (error) {
    logger.warn(
      { fileId: file.id, variant, err: { name: (error as Error).name, message: (error as Error).message } },
      "cached preview unreadable",
    );
    return null;
  } finally {
    key.fill(0);
  }
}

export async function writeCachedPreview(file: KeyedFile, variant: PreviewVariant, bytes: Buffer): Promise<void> {
  const key = keyFor(file, variant);
  // Nothing is visible before commit, and the last commit wins: two renders of the same preview race harmlessly.
  const writer = await previewSpace().createWriter(previewKey(file.id, variant), { maxBytes: ciphertextSize(bytes.length) });
  try {
    const sealer = new SegmentSealer(key);
    await writer.write(sealer.end(sealer.write(bytes)));
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    key.fill(0);
  }
}

/** Removes a file's previews (when the file is deleted); the sweep catches what this misses. */
export async function removeCachedPreviews(fileId: string): Promise<void> {
  const space = previewSpace();
  await Promise.all(PREVIEW_VARIANTS.map((variant) => space.remove(previewKey(fileId, variant))));
}

const fileExists = async (fileId: string | null) =>
  Boolean(fileId && (await db.file.findUnique({ where: { id: fileId }, select: { id: true } })));

/** Removes previews (and unfinished writes of previews) whose file is gone; returns how many previews went. */
export async function sweepPreviews(now = Date.now()): Promise<number> {
  const space = previewSpace();
  for await (const write of space.listIncompleteWrites(new Date(now))) {
    const abandoned = write.since.getTime() < now - ABANDONED_RENDER_MS;
    if (abandoned || !(await fileExists(write.name && fileIdOf(write.name)))) await space.removeIncompleteWrite(write);
  }
  let removed = 0;
  for await (const blob of space.list()) {
    if (await fileExists(fileIdOf(blob.name))) continue;
    await space.remove(blob.name);
    removed++;
  }
  if (removed) logger.info({ removed }, "orphaned previews removed");
  return removed;
}
