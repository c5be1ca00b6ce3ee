// The bench's payload: deterministic pseudo-random bytes (an AES-256-CTR keystream over zeros), written once
// to a file that curl sends to every server, so that the clients do no work of their own but the transfer.
import fs from "node:fs";
import { createCipheriv, createHash } from "node:crypto";

export const CHUNK_SIZE = 1024 * 1024;
const KEY = createHash("sha256").update("coffer-bench payload").digest();
const ZEROS = Buffer.alloc(CHUNK_SIZE);

/** The same `size` bytes on every call; incompressible, and cheap to make (AES-NI). */
export function* payloadChunks(size) {
  const keystream = createCipheriv("aes-256-ctr", KEY, Buffer.alloc(16));
  for (let left = size; left > 0; left -= CHUNK_SIZE) {
    yield keystream.update(left >= CHUNK_SIZE ? ZEROS : ZEROS.subarray(0, left));
  }
}

/** Writes `size` payload bytes to `file`; answers their SHA-256. */
export function writePayload(file, size) {
  const hash = createHash("sha256");
  const fd = fs.openSync(file, "w");
  try {
    for (const chunk of payloadChunks(size)) {
      hash.update(chunk);
      fs.writeSync(fd, chunk);
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

/** The SHA-256 of a file, read in 1 MiB pieces (outside any timed part). */
export async function sha256OfFile(file) {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_SIZE })) hash.update(chunk);
  return hash.digest("hex");
}
