// Streams one uploaded file into the blob store in a single stage: counts and hashes the plaintext, checks
// its type from the first bytes, claims quota as the bytes arrive, seals it in segments and writes the
// stored bytes about a MiB at a time in one system call each. The blob is recorded (PendingBlob) and held
// before its first byte, so nothing sweeps it before its File row commits. Nothing is held in memory beyond
// one batch; any failure removes what was written.
import { createHash, type Hash } from "node:crypto";
import { Writable, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileTypeFromBuffer } from "file-type";
import { nanoid } from "nanoid";
import { ciphertextSize, SegmentSealer } from "@/lib/crypto/segmented-stream";
import { newWrappedDataKey } from "@/lib/crypto/key-ring";
import { transferCipher } from "@/lib/crypto/segment-pool";
import type { BlobStore, BlobWriter, StoreName } from "@/lib/storage";
import { AppError } from "@/lib/errors";
import { contentMismatchReason } from "./content-check";
import { abandonPendingBlobs, beginPendingBlob, reserveFor } from "./upload-sessions";

const SNIFF_BYTES = 64 * 1024;
/** Plaintext the sink takes before it waits for its writes (the sealer seals and writes a MiB at a time). */
const WRITE_BATCH_BYTES = 1024 * 1024;

export type StoredUpload = {
  name: string;
  size: number;
  mimeType: string;
  sha256: string;
  storageKey: string;
  /** The store that holds the blob (recorded in the File row). */
  store: StoreName;
  wrappedKey: string;
  masterKeyId: string;
};

type UploadPart = {
  userId: string;
  name: string;
  maxBytes: number;
  /** What a part over maxBytes is refused with: over the size limit, or over what is left of the quota. */
  tooLarge: { code: "too_large" | "quota_exceeded"; message: string };
  quotaMessage: string;
  /** Bytes the request declared and has not used yet (an upper bound for this part), or null. */
  declaredLeft: number | null;
};

type Job = UploadPart & { storageKey: string; sealer: SegmentSealer; writer: BlobWriter };

/** The last stage of an upload: plaintext in, sealed segments out to the blob writer. */
class UploadSink extends Writable {
  size = 0;
  mimeType = "application/octet-stream";
  private reserved = 0;
  private readonly hash: Hash = createHash("sha256");
  private head: Buffer[] | null = [];
  private headBytes = 0;

  constructor(private readonly job: Job) {
    super({ highWaterMark: WRITE_BATCH_BYTES });
  }

  sha256(): string {
    return this.hash.digest("hex");
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void) {
    this.accept(chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void) {
    this.finish().then(() => callback(), callback);
  }

  private async accept(chunk: Buffer) {
    const job = this.job;
    this.size += chunk.length;
    if (this.size > job.maxBytes) throw new AppError(job.tooLarge.code, job.tooLarge.message);
    if (this.size > this.reserved) {
      // Quota is claimed before the bytes go further, a step at a time.
      const ahead = job.declaredLeft === null ? null : Math.min(job.maxBytes, job.declaredLeft) - this.reserved;
      this.reserved = await reserveFor({
        storageKey: job.storageKey,
        userId: job.userId,
        size: this.size,
        reserved: this.reserved,
        ahead,
        quotaMessage: job.quotaMessage,
      });
    }
    this.hash.update(chunk);
    if (this.head) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes >= SNIFF_BYTES) await this.sniff();
      return;
    }
    await this.seal(chunk);
  }

  /** Checks the first bytes against the name before any of them is stored. */
  private async sniff() {
    const first = Buffer.concat(this.head ?? []);
    this.head = null;
    const detected = await fileTypeFromBuffer(first);
    const mismatch = contentMismatchReason(this.job.name, detected?.ext);
    if (mismatch) throw new AppError("unsupported_type", mismatch);
    if (detected) this.mimeType = detected.mime;
    if (first.length) await this.seal(first);
  }

  private async seal(plain: Buffer) {
    // Runs of whole sealed segments, about a MiB each (the last one ends the blob): stores cut their parts between writes.
    const sealed = await this.job.sealer.write(plain);
    if (sealed.length) await this.job.writer.write(sealed);
  }

  private async finish() {
    if (this.head) await this.sniff();
    await this.job.writer.write(await this.job.sealer.end());
  }
}

export async function storeUpload(opts: UploadPart & { source: Readable; store: BlobStore }): Promise<StoredUpload> {
  const storageKey = nanoid(32);
  await beginPendingBlob({ storageKey, userId: opts.userId, store: opts.store.name });
  const { dataKey, wrappedKey, masterKeyId } = newWrappedDataKey();
  let writer: BlobWriter | undefined;
  let sink: UploadSink;
  const cipher = transferCipher();
  try {
    writer = await opts.store.files.createWriter(storageKey, { maxBytes: ciphertextSize(opts.maxBytes) });
    sink = new UploadSink({ ...opts, storageKey, sealer: new SegmentSealer(dataKey, cipher), writer });
    await pipeline(opts.source, sink);
    await writer.commit();
  } catch (error) {
    opts.source.resume(); // let the multipart parser move past this part
    await writer?.abort();
    await abandonPendingBlobs([{ storageKey, store: opts.store.name }]);
    throw error;
  } finally {
    cipher.release();
    dataKey.fill(0);
  }
  return {
    name: opts.name,
    size: sink.size,
    mimeType: sink.mimeType,
    sha256: sink.sha256(),
    storageKey,
    store: opts.store.name,
    wrappedKey,
    masterKeyId,
  };
}
