// The plaintext of bytes start..end of a stored file: checks that the blob is whole, unwraps the file's key
// and decrypts only the segments the range touches. The first chunk is decrypted before this answers, so a
// damaged blob is refused before a byte is sent; later damage fails the stream.
import "server-only";
import type { Readable } from "node:stream";
import { ciphertextSize, decryptRange } from "@/lib/crypto/segmented-stream";
import { unwrapFileKey } from "@/lib/crypto/key-ring";
import { AppError } from "@/lib/errors";
import { blobStore } from "@/lib/storage";
import { logger } from "@/lib/logger";
import { nextChunk } from "@/lib/streams/next-chunk";
import type { ServableFile } from "./access";

export type OpenedRange = { plaintext: Readable; first: Buffer | null };

export async function openFileRange(file: ServableFile, start: number, end: number): Promise<OpenedRange> {
  const size = Number(file.size);
  const store = blobStore();
  const stored = await store.size(file.storageKey);
  if (stored !== ciphertextSize(size)) {
    logger.error({ fileId: file.id, expected: ciphertextSize(size), stored }, "blob missing or wrong size");
    throw new AppError("internal", "This file cannot be read right now.");
  }
  const plaintext = decryptRange({
    dataKey: unwrapFileKey(file),
    plaintextSize: size,
    start,
    end,
    openCiphertext: (from, to) => store.openRange(file.storageKey, from, to),
  });
  // Decryption runs ahead of the reads; an error while no read waits is picked up by the next one (stream.errored).
  plaintext.on("error", () => undefined);
  const first = await nextChunk(plaintext).catch((error: Error) => {
    plaintext.destroy();
    logger.error({ fileId: file.id, err: { name: error.name, message: error.message } }, "file failed integrity check");
    throw new AppError("internal", "This file failed its integrity check and cannot be downloaded.");
  });
  return { plaintext, first };
}
