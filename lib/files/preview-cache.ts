// Rendered previews (WebP), kept encrypted like any blob: the segmented AES-256-GCM format of lib/crypto under a
// key derived from the file's own data key, in the previews namespace of the store that holds the file's blob
// (STORAGE_DIR/previews or <prefix>previews/ in the bucket), apart from files' blobs, so the storage sweeper never
// mistakes them for orphaned files. A preview is named after its file's id: whether it exists is the cache lookup,
// and no table has to follow it. Previews live and go with their file's blob, in the same store, so a change of
// STORAGE_DRIVER leaves none behind (docs/decisions/064): they go with the file's recorded deletion
// (lib/files/remove-deleted-blobs.ts); a preview cached as its file was deleted is caught by the reconciliation.
import "server-only";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { ciphertextSize, decryptRange, plaintextSizeOf, SegmentSealer } from "@/lib/crypto/segmented-stream";
import { unwrapFileKey } from "@/lib/crypto/key-ring";
import { deriveFileSubkey } from "@/lib/crypto/derive-key";
import { blobStore, storeOf, type BlobSpace, type BlobStore } from "@/lib/storage";

export const PREVIEW_VARIANTS = ["thumbnail", "large"] as const;
export type PreviewVariant = (typeof PREVIEW_VARIANTS)[number];

type KeyedFile = { id: string; wrappedKey: string; masterKeyId: string; store: string };

/** Unfinished preview writes older than this are taken for a crashed render, even while their file exists. */
const ABANDONED_RENDER_MS = 60 * 60 * 1000;

const previewSpace = (file: { store: string }): BlobSpace => storeOf(file).previews;

const previewKey = (fileId: string, variant: PreviewVariant) => `${fileId}-${variant}`;
export const fileIdOfPreview = (key: string) => /^(.+)-(thumbnail|large)$/.exec(key)?.[1] ?? null;

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
  const space = previewSpace(file);
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
  const space = previewSpace(file);
  const name = previewKey(file.id, variant);
  const writer = await space.createWriter(name, { maxBytes: ciphertextSize(bytes.length) });
  try {
    const sealer = new SegmentSealer(key);
    await writer.write([...(await sealer.write(bytes)), ...(await sealer.end())]);
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    key.fill(0);
  }
  // A file deleted while its preview rendered: its recorded deletion may have removed the previews before this
  // one was committed, so the render takes it back itself (the reconciliation catches a crash just here).
  if (!(await fileExists(file.id))) await space.remove(name);
}

/** Removes a file's previews from the store that holds them (its blob's). */
export async function removeCachedPreviews(fileId: string, store: BlobStore): Promise<void> {
  await Promise.all(PREVIEW_VARIANTS.map((variant) => store.previews.remove(previewKey(fileId, variant))));
}

const fileExists = async (fileId: string | null) =>
  Boolean(fileId && (await db.file.findUnique({ where: { id: fileId }, select: { id: true } })));

/**
 * Removes unfinished preview writes of the configured store whose file is gone or whose render died (older than an
 * hour): the store's listing of incomplete writes, never a listing of every preview (that is the reconciliation's).
 */
export async function sweepPreviews(opts: { now?: number; store?: BlobStore } = {}): Promise<number> {
  const now = opts.now ?? Date.now();
  const space = (opts.store ?? blobStore()).previews;
  let removed = 0;
  for await (const write of space.listIncompleteWrites(new Date(now))) {
    const abandoned = write.since.getTime() < now - ABANDONED_RENDER_MS;
    if (abandoned || !(await fileExists(write.name && fileIdOfPreview(write.name)))) {
      await space.removeIncompleteWrite(write);
      removed++;
    }
  }
  return removed;
}
