// The blob store behind one interface: local disk now, S3-compatible storage later.
import type { Readable, Writable } from "node:stream";

export type BlobWriter = {
  /** Where the ciphertext goes; nothing is visible under the key until commit. Use this or `writev`, not both. */
  stream: Writable;
  /** Writes buffers in order, in as few system calls as the store allows. */
  writev(buffers: Buffer[]): Promise<void>;
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
  /** Removes the blob and any temporary file written for it. */
  remove(key: string): Promise<void>;
  /** Every stored blob, for the sweeper. */
  listBlobs(): AsyncIterable<{ key: string; modifiedMs: number }>;
  /** Every temporary file, with the blob key it was written for (null for a name Coffer did not make). */
  listTemporaryFiles(): AsyncIterable<{ name: string; key: string | null }>;
  removeTemporaryFile(name: string): Promise<void>;
  /** Bytes the store can still take (Infinity where it has no such limit). */
  freeBytes(): Promise<number>;
};
