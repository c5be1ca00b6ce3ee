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
import type { BlobStore, BlobWriter, StoreName } from "@/lib/storage";
import { AppError } from "@/lib/errors";
import { contentMismatchReason } from "./content-check";
import { abandonPendingBlobs, beginPendingBlob, reserveFor } from "./upload-sessions";

const SNIFF_BYTES = 64 * 1024;
/** Stored bytes gathered before each write. */
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
  tooLargeMessage: string;
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
  private out: Buffer[] = [];
  private outBytes = 0;

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
    if (this.size > job.maxBytes) throw new AppError("too_large", job.tooLargeMessage);
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
    const before = this.out.length;
    this.job.sealer.write(plain, this.out);
    for (let i = before; i < this.out.length; i++) this.outBytes += this.out[i].length;
    if (this.outBytes >= WRITE_BATCH_BYTES) await this.flushOut();
  }

  private async flushOut() {
    const batch = this.out;
    this.out = [];
    this.outBytes = 0;
    // Each batch holds whole sealed segments (the last one ends the blob): stores cut their parts between batches.
    if (batch.length) await this.job.writer.write(batch);
  }

  private async finish() {
    if (this.head) await this.sniff();
    this.job.sealer.end(this.out);
    await this.flushOut();
  }
}

export async function storeUpload(opts: UploadPart & { source: Readable; store: BlobStore }): Promise<StoredUpload> {
  const storageKey = nanoid(32);
  await beginPendingBlob({ storageKey, userId: opts.userId, store: opts.store.name });
  const { dataKey, wrappedKey, masterKeyId } = newWrappedDataKey();
  let writer: BlobWriter | undefined;
  let sink: UploadSink;
  try {
    writer = await opts.store.files.createWriter(storageKey, { maxBytes: ciphertextSize(opts.maxBytes) });
    sink = new UploadSink({ ...opts, storageKey, sealer: new SegmentSealer(dataKey), writer });
    await pipeline(opts.source, sink);
    await writer.commit();
  } catch (error) {
    opts.source.resume(); // let the multipart parser move past this part
    await writer?.abort();
    await abandonPendingBlobs([{ storageKey, store: opts.store.name }]);
    throw error;
  } finally {
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
