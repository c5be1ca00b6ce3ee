// The plaintext of bytes start..end of a stored file: reads from the store the file's row names, checks that the
// blob is whole (its size comes with the first read), unwraps the file's key and decrypts only the segments the
// range touches, in one ranged read from the store (two when the range starts past the first segment: the header,
// then the segments). The first chunk is decrypted before this answers, so a damaged or missing blob is refused
// before a byte is sent; later damage fails the stream.
import "server-only";
import type { Readable } from "node:stream";
import { ciphertextSize, decryptRange, SEALED_SEGMENT_SIZE } from "@/lib/crypto/segmented-stream";
import { unwrapFileKey } from "@/lib/crypto/key-ring";
import { transferCipher } from "@/lib/crypto/segment-pool";
import { AppError } from "@/lib/errors";
import { storeOf } from "@/lib/storage";
import { logger } from "@/lib/logger";
import { nextChunk } from "@/lib/streams/next-chunk";
import type { ServableFile } from "./access";

export type OpenedRange = { plaintext: Readable; first: Buffer | null };

/** Reads of 16 sealed segments where the store lets Coffer choose, so a read never splits one (no copy to decrypt). */
const READ_CHUNK_BYTES = 16 * SEALED_SEGMENT_SIZE;

class UnreadableBlob extends Error {
  constructor(readonly stored: number | null) {
    super("blob missing or wrong size");
  }
}

export async function openFileRange(file: ServableFile, start: number, end: number): Promise<OpenedRange> {
  const size = Number(file.size);
  const expected = ciphertextSize(size);
  const store = storeOf(file);
  const space = store.files;
  const cipher = transferCipher();
  let plaintext: Readable;
  try {
    plaintext = decryptRange({
      dataKey: unwrapFileKey(file),
      plaintextSize: size,
      cipher,
      sourceOwnsChunks: store.capabilities.readsOwnChunks,
      start,
      end,
      openCiphertext: async (from, to) => {
        const opened = await space.read(file.storageKey, { start: from, end: to, chunkBytes: READ_CHUNK_BYTES });
        if (opened?.size === expected) return opened.body;
        opened?.body.destroy();
        throw new UnreadableBlob(opened?.size ?? null);
      },
    });
  } catch (error) {
    cipher.release();
    throw error;
  }
  // However the range ends (read to its end, failed, or given up by the response), the transfer is over.
  plaintext.once("close", () => cipher.release());
  // Decryption runs ahead of the reads; an error while no read waits is picked up by the next one (stream.errored).
  plaintext.on("error", () => undefined);
  const first = await nextChunk(plaintext).catch((error: Error) => {
    plaintext.destroy();
    if (error instanceof UnreadableBlob) {
      logger.error({ fileId: file.id, expected, stored: error.stored }, "blob missing or wrong size");
      throw new AppError("internal", "This file cannot be read right now.");
    }
    if (error.name !== "IntegrityError") {
      logger.error({ fileId: file.id, err: { name: error.name, message: error.message } }, "blob read failed");
      throw new AppError("internal", "This file cannot be read right now.");
    }
    logger.error({ fileId: file.id, err: { name: error.name, message: error.message } }, "file failed integrity check");
    throw new AppError("internal", "This file failed its integrity check and cannot be downloaded.");
  });
  return { plaintext, first };
}
