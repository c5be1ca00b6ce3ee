// The storage port: what Coffer needs from wherever its encrypted blobs live (the local disk or an S3-compatible
// bucket, docs/decisions/036). The store knows nothing of encryption; callers write and read stored bytes.
// Only lib/storage/index.ts picks a driver.
import type { Readable } from "node:stream";

export type StoreName = "local" | "s3";
/** Files' blobs and their previews live side by side in one store, each in a namespace of its own. */
export type BlobNamespace = "files" | "previews";

export type StoreCapabilities = {
  /** Whether `freeBytes` measures anything (the local disk); an object store has no such limit. */
  freeSpace: boolean;
  /** Smallest part a multipart write may send except its last (S3: 5 MiB); null where writes have no parts. */
  minPartBytes: number | null;
  /** Most parts one write may have (S3: 10,000); null where writes have no parts. */
  maxParts: number | null;
  /**
   * Each chunk a read's body yields is a buffer over memory of its own that the store keeps no hold on (the local
   * disk's read streams), so a reader may move it to another thread without a copy (lib/crypto/segment-pool.ts).
   */
  readsOwnChunks: boolean;
};

/**
 * One blob being written. Nothing is visible under its name until `commit`. Each `write` hands over whole units of
 * the caller's format (Coffer's sealed segments): a store cuts its parts only where a write ended, so every part,
 * and so every checkpoint, holds whole segments.
 */
export type BlobWriter = {
  /** Appends the buffers in order; resolves once the store has taken them (the backpressure of the upload). */
  write(buffers: Buffer[]): Promise<void>;
  /** How many of the bytes written so far are durable (would survive a crash of this process). */
  checkpoint(): Promise<number>;
  /** Makes the whole blob visible under its name, replacing what was there. */
  commit(): Promise<void>;
  /** Removes whatever was written (the blob too, if it was committed). Safe to call more than once. */
  abort(): Promise<void>;
};

/**
 * Where a resumable write stands (docs/decisions/076): what the store needs to go on with it (`state`, opaque to
 * callers, who keep it in the database) and how many of its bytes are durable. Any process may resume from it.
 */
export type SuspendedWrite = { state: string; bytes: number };

/**
 * A write that outlives one request: resumed from where a `SuspendedWrite` says, by any node, and suspended again
 * at the end of the request. Bytes written after the durable point it was resumed from are dropped by the resume.
 */
export type ResumableWriter = BlobWriter & {
  /** A point to resume from, while writing goes on: the bytes durable now. */
  checkpointState(): Promise<SuspendedWrite>;
  /** Makes everything written durable and ends this writer (no more writes); the answer resumes it. */
  suspend(): Promise<SuspendedWrite>;
};

export type WriterOptions = {
  /** The most bytes this blob may grow to: an object store sizes its parts from it. */
  maxBytes: number;
};

export type ReadOptions = {
  /** First byte to read. */
  start: number;
  /** Last byte to read, inclusive; may lie past the end of the blob, which reads to its end. */
  end: number;
  /** Preferred size of the chunks the stream yields, where the store can choose (the local disk). */
  chunkBytes?: number;
};

/** A ranged read under way: the bytes, and the size of the whole blob as the store holds it. */
export type OpenedBlob = { body: Readable; size: number };

/** A write that was begun and neither committed nor aborted (a crash, a kill, a lost connection). */
export type IncompleteWrite = {
  /** The blob's name in its namespace (null for something in the store's temporary area that Coffer did not name). */
  name: string | null;
  /** When its last bytes were written (local disk) or when it was begun (S3). */
  since: Date;
  /** What the store needs to remove exactly this write (a temporary file, a multipart upload id). */
  handle: string;
};

export type StoredBlob = { name: string; size: number; modifiedAt: Date };

/** One namespace of a store. Names are Coffer's own, never a client's: `[A-Za-z0-9_-]{1,100}`. */
export type BlobSpace = {
  createWriter(name: string, opts: WriterOptions): Promise<BlobWriter>;
  /**
   * A resumable write of `name`: a new one (`from` null) or the one a suspended write describes. `maxBytes` must be
   * the same on every resume. Its `abort` removes everything the write left, whichever process wrote it.
   */
  resumeWriter(name: string, opts: WriterOptions & { from: SuspendedWrite | null }): Promise<ResumableWriter>;
  /** A ranged read, or null when there is no such blob. The stream starts without blocking the event loop. */
  read(name: string, opts: ReadOptions): Promise<OpenedBlob | null>;
  /** The blob's size in bytes, or null when there is none. */
  size(name: string): Promise<number | null>;
  /** Removes the committed blob (nothing when there is none). Incomplete writes go through `removeIncompleteWrite`. */
  remove(name: string): Promise<void>;
  /**
   * Puts a copy of the committed blob at `file` on this machine (a hard link where the store is this disk and the
   * filesystem allows: blobs never change in place), for backups; answers its size, or null when there is none.
   */
  saveCopy(name: string, file: string): Promise<number | null>;
  /** Every committed blob, in pages the store chooses. */
  list(): AsyncIterable<StoredBlob>;
  /** Writes begun before `olderThan` and never finished, for the sweeper. */
  listIncompleteWrites(olderThan: Date): AsyncIterable<IncompleteWrite>;
  removeIncompleteWrite(write: IncompleteWrite): Promise<void>;
};

export type BlobStore = {
  readonly name: StoreName;
  /** Where the blobs are, for messages and logs (a folder, or s3://bucket/prefix at an endpoint). Holds no secret. */
  readonly location: string;
  readonly capabilities: StoreCapabilities;
  readonly files: BlobSpace;
  readonly previews: BlobSpace;
  /** Bytes the store can still take, or null when it has no such limit (`capabilities.freeSpace`). */
  freeBytes(): Promise<number | null>;
  /** Proves the store can be written, read, listed and cleaned; throws a StoreCheckError that says what is wrong. */
  check(): Promise<void>;
  /**
   * The cheapest question that proves the store answers, for the health check polled every second: the local disk
   * stats and accesses its folder, S3 asks HeadBucket. Throws when it does not answer; `signal` cuts it short.
   */
  ping(signal?: AbortSignal): Promise<void>;
};

/** The store is unusable as configured; the message says why in the operator's words. */
export class StoreCheckError extends Error {
  name = "StoreCheckError";
}

const NAME = /^[A-Za-z0-9_-]{1,100}$/;

/** Blob names are generated by Coffer; the check is a second guard against a path or key built from input. */
export function assertBlobName(name: string): void {
  if (!NAME.test(name)) throw new Error("invalid blob name");
}
