// The blob store behind one interface: local disk now, S3-compatible storage later.
import type { Readable, Writable } from "node:stream";

export type BlobWriter = {
  /** Where the ciphertext goes; nothing is visible under the key until commit. */
  stream: Writable;
  /** Flushes and moves the blob into place. */
  commit(): Promise<void>;
  /** Removes whatever was written. Safe to call more than once. */
  abort(): Promise<void>;
};

export type BlobStore = {
  createWriter(key: string): Promise<BlobWriter>;
  /** Bytes start..end inclusive. */
  openRange(key: string, start: number, end: number): Readable;
  size(key: string): Promise<number | null>;
  remove(key: string): Promise<void>;
  /** Every stored blob and stale temporary file, for the sweeper. */
  listBlobs(): AsyncIterable<{ key: string; modifiedMs: number }>;
  removeStaleTemporaryFiles(olderThanMs: number): Promise<number>;
};
