// The bench's payload: deterministic pseudo-random bytes (an AES-256-CTR keystream over zeros),
// made on demand one chunk at a time, so a 1 GiB transfer never holds more than one chunk.
import { createCipheriv, createHash } from "node:crypto";

export const CHUNK_SIZE = 256 * 1024;
const KEY = createHash("sha256").update("coffer-bench payload").digest();
const ZEROS = Buffer.alloc(CHUNK_SIZE);

/** The same `size` bytes on every call; incompressible, and cheap to make (AES-NI). */
export function* payloadChunks(size) {
  const keystream = createCipheriv("aes-256-ctr", KEY, Buffer.alloc(16));
  for (let left = size; left > 0; left -= CHUNK_SIZE) {
    yield keystream.update(left >= CHUNK_SIZE ? ZEROS : ZEROS.subarray(0, left));
  }
}
