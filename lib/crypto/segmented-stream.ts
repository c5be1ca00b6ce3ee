// STREAM construction (as in age / Tink) over AES-256-GCM: each segment is authenticated on its own,
// so any byte range can be decrypted and verified without reading the whole blob. The nonce binds the
// segment's position and whether it is the final one, so segments cannot be reordered, dropped or cut off.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Readable, Transform } from "node:stream";

export const SEGMENT_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const HEADER_SIZE = 12;
const MAGIC = Buffer.from("CFR1", "ascii");
const VERSION = 1;
const PREFIX_SIZE = 7;

export class IntegrityError extends Error {
  name = "IntegrityError";
}

type Source = NodeJS.ReadableStream | Readable;
/** Inclusive byte offsets into the blob. `end` may be one past the blob's last byte: return what exists. */
export type OpenCiphertext = (start: number, end: number) => Source;
export type DecryptOptions = { dataKey: Buffer; plaintextSize: number; openCiphertext: OpenCiphertext };

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new RangeError("data key must be 32 bytes");
}
function assertSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid plaintext size ${size}`);
}

// An empty file still gets one (empty) final segment, so truncation to just the header is detectable.
const segmentCount = (size: number) => Math.max(1, Math.ceil(size / SEGMENT_SIZE));
const segmentOffset = (i: number) => HEADER_SIZE + i * (SEGMENT_SIZE + TAG_SIZE);

export function ciphertextSize(plaintextSize: number): number {
  assertSize(plaintextSize);
  return HEADER_SIZE + plaintextSize + segmentCount(plaintextSize) * TAG_SIZE;
}

function segmentNonce(header: Buffer, index: number, last: boolean): Buffer {
  if (index > 0xffffffff) throw new RangeError("too many segments for a 32-bit counter");
  const nonce = Buffer.alloc(12);
  header.copy(nonce, 0, HEADER_SIZE - PREFIX_SIZE);
  nonce.writeUInt32BE(index, PREFIX_SIZE);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

export function createEncryptStream(dataKey: Buffer): Transform {
  assertKey(dataKey);
  const header = Buffer.concat([MAGIC, Buffer.from([VERSION]), randomBytes(PREFIX_SIZE)]);
  // A full segment is held back until more input arrives: only then is it known not to be the last.
  const held = Buffer.allocUnsafe(SEGMENT_SIZE);
  let heldLength = 0;
  let index = 0;

  const seal = (stream: Transform, plain: Buffer, last: boolean) => {
    if (index === 0) stream.push(header);
    const cipher = createCipheriv("aes-256-gcm", dataKey, segmentNonce(header, index++, last), { authTagLength: TAG_SIZE });
    cipher.setAAD(header);
    const body = cipher.update(plain); // a fresh buffer, so `held` can be reused right away
    cipher.final();
    if (body.length > 0) stream.push(body);
    stream.push(cipher.getAuthTag());
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        for (let at = 0; at < chunk.length;) {
          if (heldLength === SEGMENT_SIZE) {
            seal(this, held, false);
            heldLength = 0;
          }
          if (heldLength === 0 && chunk.length - at > SEGMENT_SIZE) {
            // Whole segments inside a large chunk are known not to be last: encrypt them in place.
            seal(this, chunk.subarray(at, at + SEGMENT_SIZE), false);
            at += SEGMENT_SIZE;
          } else {
            const copied = chunk.copy(held, heldLength, at, Math.min(chunk.length, at + SEGMENT_SIZE - heldLength));
            heldLength += copied;
            at += copied;
          }
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        seal(this, held.subarray(0, heldLength), true);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

// Pulls exact byte counts out of a stream whose chunk boundaries are arbitrary, without copying.
class ByteReader {
  private rest: Buffer = Buffer.alloc(0);
  private readonly it: AsyncIterator<unknown>;
  constructor(stream: Readable) {
    this.it = stream[Symbol.asyncIterator]();
  }
  private async fill(): Promise<boolean> {
    while (this.rest.length === 0) {
      const next = await this.it.next();
      if (next.done) return false;
      if (!(next.value instanceof Uint8Array)) throw new TypeError("ciphertext stream must yield bytes");
      this.rest = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    }
    return true;
  }
  async read(max: number): Promise<Buffer> {
    if (!(await this.fill())) throw new IntegrityError("ciphertext is truncated");
    const piece = this.rest.subarray(0, max);
    this.rest = this.rest.subarray(piece.length);
    return piece;
  }
  async readExactly(length: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let left = length; left > 0;) {
      const piece = await this.read(left);
      parts.push(piece);
      left -= piece.length;
    }
    return Buffer.concat(parts, length);
  }
  async expectEnd(): Promise<void> {
    if (await this.fill()) throw new IntegrityError("ciphertext has trailing bytes");
  }
}

async function openSegment(reader: ByteReader, key: Buffer, header: Buffer, index: number, last: boolean, length: number) {
  const decipher = createDecipheriv("aes-256-gcm", key, segmentNonce(header, index, last), { authTagLength: TAG_SIZE });
  decipher.setAAD(header);
  const parts: Buffer[] = [];
  for (let left = length; left > 0;) {
    const piece = await reader.read(left);
    parts.push(decipher.update(piece));
    left -= piece.length;
  }
  decipher.setAuthTag(await reader.readExactly(TAG_SIZE));
  try {
    const rest = decipher.final();
    if (rest.length > 0) parts.push(rest);
  } catch {
    throw new IntegrityError(`segment ${index} failed authentication`);
  }
  // A segment usually arrives in one piece: skip the copy Buffer.concat would make.
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

export function decryptRange(opts: DecryptOptions & { start: number; end: number }): Readable {
  const { dataKey, plaintextSize: size, start, end, openCiphertext } = opts;
  assertKey(dataKey);
  assertSize(size);
  const emptyFile = size === 0 && start === 0 && end === -1;
  if (!emptyFile && !(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && end < size)) {
    throw new RangeError(`invalid range ${start}-${end} for ${size} bytes`);
  }
  const count = segmentCount(size);
  const first = emptyFile ? 0 : Math.floor(start / SEGMENT_SIZE);
  const last = emptyFile ? 0 : Math.floor(end / SEGMENT_SIZE);
  const plainLength = (i: number) => (i < count - 1 ? SEGMENT_SIZE : size - (count - 1) * SEGMENT_SIZE);

  const sources = new Set<Source>();
  const destroySources = () => {
    for (const source of sources) (source as Partial<Readable>).destroy?.();
    sources.clear();
  };
  const open = (from: number, to: number) => {
    const raw = openCiphertext(from, to);
    const stream = raw instanceof Readable ? raw : new Readable().wrap(raw);
    sources.add(raw).add(stream);
    if (out.destroyed) destroySources();
    return new ByteReader(stream);
  };

  async function* plaintext(): AsyncGenerator<Buffer> {
    try {
      const headerReader = open(0, HEADER_SIZE - 1);
      const header = await headerReader.readExactly(HEADER_SIZE);
      await headerReader.expectEnd();
      if (!header.subarray(0, MAGIC.length).equals(MAGIC) || header[MAGIC.length] !== VERSION) {
        throw new IntegrityError("not a Coffer v1 blob");
      }
      // When the range reaches the final segment, ask for one byte more than the blob should hold,
      // so data appended after the final segment is noticed instead of silently ignored.
      const reachesEnd = last === count - 1;
      const reader = open(segmentOffset(first), reachesEnd ? ciphertextSize(size) : segmentOffset(last + 1) - 1);
      for (let i = first; i <= last; i++) {
        const segment = await openSegment(reader, dataKey, header, i, i === count - 1, plainLength(i));
        if (i === last) await reader.expectEnd();
        const from = i === first ? start - i * SEGMENT_SIZE : 0;
        const to = i === last ? end + 1 - i * SEGMENT_SIZE : segment.length;
        if (to > from) yield segment.subarray(from, to);
      }
    } finally {
      destroySources();
    }
  }

  const segments = plaintext();
  let pulling = false;
  // Pull one verified segment per demand, so at most one segment is buffered beyond the stream's own buffer.
  const pump = async () => {
    try {
      for (;;) {
        const next = await segments.next();
        if (out.destroyed) return;
        if (next.done) return void out.push(null);
        if (!out.push(next.value)) return;
      }
    } catch (error) {
      out.destroy(error as Error);
    } finally {
      pulling = false;
    }
  };
  const out: Readable = new Readable({
    read() {
      if (pulling) return;
      pulling = true;
      void pump();
    },
    destroy(error, callback) {
      destroySources();
      segments.return(undefined).catch(() => {});
      callback(error);
    },
  });
  return out;
}

export function createDecryptStream(opts: DecryptOptions): Readable {
  return decryptRange({ ...opts, start: 0, end: opts.plaintextSize - 1 });
}
