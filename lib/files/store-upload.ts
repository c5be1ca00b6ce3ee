// Streams one uploaded file into the blob store: counts and hashes the plaintext, checks its type from the
// first bytes, claims quota as the bytes arrive, encrypts it in segments and writes it through a temporary
// file. The blob is recorded (PendingBlob) and held before its first byte, so nothing sweeps it before its
// File row commits. Nothing is ever held in memory beyond one segment; any failure removes what was written.
import { createHash } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileTypeFromBuffer } from "file-type";
import { nanoid } from "nanoid";
import { createEncryptStream } from "@/lib/crypto/segmented-stream";
import { newWrappedDataKey } from "@/lib/crypto/key-ring";
import type { BlobStore } from "@/lib/storage/blob-store";
import { AppError } from "@/lib/errors";
import { contentMismatchReason } from "./content-check";
import { abandonPendingBlobs, beginPendingBlob, reserveFor } from "./pending-uploads";

const SNIFF_BYTES = 64 * 1024;

export type StoredUpload = {
  name: string;
  size: number;
  mimeType: string;
  sha256: string;
  storageKey: string;
  wrappedKey: string;
  masterKeyId: string;
};

export async function storeUpload(opts: {
  source: Readable;
  userId: string;
  name: string;
  maxBytes: number;
  tooLargeMessage: string;
  quotaMessage: string;
  /** Bytes the request declared and has not used yet (an upper bound for this part), or null. */
  declaredLeft: number | null;
  store: BlobStore;
}): Promise<StoredUpload> {
  const storageKey = nanoid(32);
  await beginPendingBlob({ storageKey, userId: opts.userId });
  const { dataKey, wrappedKey, masterKeyId } = newWrappedDataKey();
  const hash = createHash("sha256");
  let size = 0;
  let reserved = 0;
  let mimeType = "application/octet-stream";
  let head: Buffer[] | null = [];
  let headBytes = 0;

  async function sniff(inspector: Transform) {
    const first = Buffer.concat(head ?? []);
    head = null;
    const detected = await fileTypeFromBuffer(first);
    const mismatch = contentMismatchReason(opts.name, detected?.ext);
    if (mismatch) throw new AppError("unsupported_type", mismatch);
    if (detected) mimeType = detected.mime;
    if (first.length) inspector.push(first);
  }

  const accept = (inspector: Transform, chunk: Buffer, callback: (error?: Error | null, data?: Buffer) => void) => {
    hash.update(chunk);
    if (!head) return callback(null, chunk);
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes < SNIFF_BYTES) return callback();
    sniff(inspector).then(() => callback(), callback);
  };

  const inspector = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > opts.maxBytes) return callback(new AppError("too_large", opts.tooLargeMessage));
      if (size <= reserved) return accept(this, chunk, callback);
      // Quota is claimed before the bytes go further, a step at a time.
      const ahead = opts.declaredLeft === null ? null : Math.min(opts.maxBytes, opts.declaredLeft) - reserved;
      reserveFor({ storageKey, userId: opts.userId, size, reserved, ahead, quotaMessage: opts.quotaMessage }).then((now) => {
        reserved = now;
        accept(this, chunk, callback);
      }, callback);
    },
    flush(callback) {
      if (!head) return callback();
      sniff(inspector).then(() => callback(), callback);
    },
  });

  let writer: Awaited<ReturnType<BlobStore["createWriter"]>> | undefined;
  try {
    writer = await opts.store.createWriter(storageKey);
    await pipeline(opts.source, inspector, createEncryptStream(dataKey), writer.stream);
    await writer.commit();
  } catch (error) {
    opts.source.resume(); // let the multipart parser move past this part
    await writer?.abort();
    await abandonPendingBlobs([storageKey]);
    throw error;
  } finally {
    dataKey.fill(0);
  }
  return { name: opts.name, size, mimeType, sha256: hash.digest("hex"), storageKey, wrappedKey, masterKeyId };
}
