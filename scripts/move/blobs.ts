// Blobs, through the storage port: read from the local disk and written to the target store with its own writer,
// as stored (the bytes stay encrypted; the data keys, wrapped in the File rows, do not change). Each write hands
// the store whole sealed segments, as an upload does, so an S3 part never splits one. A blob the target already
// holds at the right size was committed by an earlier run (a store's commit is all or nothing) and is not sent again;
// the verification reads every blob back and compares its SHA-256 with the source's anyway.
import { createHash } from "node:crypto";
import { HEADER_SIZE, SEALED_SEGMENT_SIZE } from "@/lib/crypto/segmented-stream";
import type { BlobSpace } from "@/lib/storage";

const CHUNK = 16 * SEALED_SEGMENT_SIZE;

async function readRange(space: BlobSpace, name: string, start: number, length: number): Promise<Buffer> {
  const opened = await space.read(name, { start, end: start + length - 1 });
  if (!opened) throw new Error(`blob ${name} disappeared from the source while it was copied`);
  const chunks: Buffer[] = [];
  for await (const chunk of opened.body) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  if (bytes.length !== length) throw new Error(`blob ${name} changed in the source while it was copied`);
  return bytes;
}

/** Copies one blob unless the target holds it already; answers its size and whether it was sent. */
export async function copyBlob(from: BlobSpace, to: BlobSpace, name: string): Promise<{ size: number; sent: boolean }> {
  const size = await from.size(name);
  if (size === null) throw new Error(`blob ${name} is missing from the source`);
  if ((await to.size(name)) === size) return { size, sent: false };
  const writer = await to.createWriter(name, { maxBytes: size });
  try {
    for (let at = 0; at < size;) {
      const length = Math.min(size - at, at === 0 ? HEADER_SIZE + CHUNK : CHUNK);
      await writer.write([await readRange(from, name, at, length)]);
      at += length;
    }
    await writer.commit();
  } catch (error) {
    await writer.abort().catch(() => undefined);
    throw error;
  }
  return { size, sent: true };
}

/** The SHA-256 and size of a stored blob, or null when there is none. */
export async function blobDigest(space: BlobSpace, name: string): Promise<{ sha256: string; size: number } | null> {
  const opened = await space.read(name, { start: 0, end: Number.MAX_SAFE_INTEGER - 1 });
  if (!opened) return null;
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of opened.body) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}

/** Removes the writes an interrupted run began and never committed (an S3 multipart upload, a temporary file). */
export async function removeUnfinishedWrites(space: BlobSpace): Promise<number> {
  let removed = 0;
  for await (const write of space.listIncompleteWrites(new Date(Date.now() + 60_000))) {
    await space.removeIncompleteWrite(write);
    removed++;
  }
  return removed;
}
