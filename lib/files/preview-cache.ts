// Rendered previews (WebP), kept encrypted like any blob: the segmented AES-256-GCM format of lib/crypto under a
// key derived from the file's own data key, in a blob store of their own (STORAGE_DIR/previews), so the storage
// sweeper never mistakes them for orphaned files. A preview is named after its file's id: whether it exists is
// the cache lookup, and no table has to follow it.
import "server-only";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { ciphertextSize, createEncryptStream, decryptRange, HEADER_SIZE, SEGMENT_SIZE, TAG_SIZE } from "@/lib/crypto/segmented-stream";
import { unwrapFileKey } from "@/lib/crypto/key-ring";
import { deriveFileSubkey } from "@/lib/crypto/derive-key";
import { createLocalDiskStore } from "@/lib/storage/local-disk";
import type { BlobStore } from "@/lib/storage/blob-store";

export const PREVIEW_VARIANTS = ["thumbnail", "large"] as const;
export type PreviewVariant = (typeof PREVIEW_VARIANTS)[number];

type KeyedFile = { id: string; wrappedKey: string; masterKeyId: string };

const globalStore = globalThis as unknown as { cofferPreviewStore?: BlobStore };

export function previewStore(): BlobStore {
  globalStore.cofferPreviewStore ??= createLocalDiskStore(path.join(env().STORAGE_DIR, "previews"));
  return globalStore.cofferPreviewStore;
}

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

/** The plaintext size a blob of this many bytes holds, or null when no plaintext size gives exactly that. */
function plaintextSizeOf(stored: number): number | null {
  const segments = Math.max(1, Math.ceil((stored - HEADER_SIZE) / (SEGMENT_SIZE + TAG_SIZE)));
  const size = stored - HEADER_SIZE - segments * TAG_SIZE;
  return size >= 0 && ciphertextSize(size) === stored ? size : null;
}

/** The cached preview, or null when there is none (or it does not decrypt: it is rendered again). */
export async function readCachedPreview(file: KeyedFile, variant: PreviewVariant): Promise<Buffer | null> {
  const store = previewStore();
  const name = previewKey(file.id, variant);
  const stored = await store.size(name);
  if (stored === null) return null;
  const size = plaintextSizeOf(stored);
  if (size === null || size === 0) return null;
  const key = keyFor(file, variant);
  try {
    const chunks: Buffer[] = [];
    const plaintext = decryptRange({
      dataKey: key,
      plaintextSize: size,
      start: 0,
      end: size - 1,
      openCiphertext: (a, b) => store.openRange(name, a, b),
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
  const store = previewStore();
  const key = keyFor(file, variant);
  // Written through a temporary file and renamed: two renders of the same preview race harmlessly.
  const writer = await store.createWriter(previewKey(file.id, variant));
  try {
    await pipeline(Readable.from([bytes]), createEncryptStream(key), writer.stream);
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
  const store = previewStore();
  await Promise.all(PREVIEW_VARIANTS.map((variant) => store.remove(previewKey(fileId, variant))));
}

const fileExists = async (fileId: string | null) =>
  Boolean(fileId && (await db.file.findUnique({ where: { id: fileId }, select: { id: true } })));

/** Removes previews (and unfinished writes of previews) whose file is gone; returns how many previews went. */
export async function sweepPreviews(): Promise<number> {
  const store = previewStore();
  for await (const temporary of store.listTemporaryFiles()) {
    if (!(await fileExists(temporary.key && fileIdOf(temporary.key)))) await store.removeTemporaryFile(temporary.name);
  }
  let removed = 0;
  for await (const blob of store.listBlobs()) {
    if (await fileExists(fileIdOf(blob.key))) continue;
    await store.remove(blob.key);
    removed++;
  }
  if (removed) logger.info({ removed }, "orphaned previews removed");
  return removed;
}
