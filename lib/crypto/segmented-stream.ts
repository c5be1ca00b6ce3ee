// STREAM construction (as in age / Tink) over AES-256-GCM: each segment is authenticated on its own,
// so any byte range can be decrypted and verified without reading the whole blob. The nonce binds the
// segment's position and whether it is the final one, so segments cannot be reordered, dropped or cut off.
// Sealing and opening are synchronous and work on whole segments: the streams around them only move
// buffers, with no promise or stream hop per segment (docs/performance.md).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Readable, Transform } from "node:stream";

export const SEGMENT_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const HEADER_SIZE = 12;
/** A sealed segment as stored: its ciphertext and its tag. */
export const SEALED_SEGMENT_SIZE = SEGMENT_SIZE + TAG_SIZE;
const MAGIC = Buffer.from("CFR1", "ascii");
const VERSION = 1;
const PREFIX_SIZE = 7;

export class IntegrityError extends Error {
  name = "IntegrityError";
}

type Source = NodeJS.ReadableStream | Readable;
/**
 * Inclusive byte offsets into the blob. `end` may be one past the blob's last byte: return what exists. A range
 * that starts in the first segment is opened once, from byte 0 (header and segments together); one that starts
 * later is opened twice, for the header and for its segments. Never once per segment.
 */
export type OpenCiphertext = (start: number, end: number) => Source | Promise<Source>;
export type DecryptOptions = { dataKey: Buffer; plaintextSize: number; openCiphertext: OpenCiphertext };

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new RangeError("data key must be 32 bytes");
}
function assertSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`invalid plaintext size ${size}`);
}

// An empty file still gets one (empty) final segment, so truncation to just the header is detectable.
const segmentCount = (size: number) => Math.max(1, Math.ceil(size / SEGMENT_SIZE));
const segmentOffset = (i: number) => HEADER_SIZE + i * SEALED_SEGMENT_SIZE;

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

/**
 * Seals plaintext into a blob, synchronously: `write` answers the stored bytes its input completed (the
 * header first), `end` the final segment. A full segment is held back until more input arrives: only then
 * is it known not to be the last one.
 */
export class SegmentSealer {
  private readonly header = Buffer.concat([MAGIC, Buffer.from([VERSION]), randomBytes(PREFIX_SIZE)]);
  private readonly held = Buffer.allocUnsafe(SEGMENT_SIZE);
  private heldLength = 0;
  private index = 0;

  constructor(private readonly dataKey: Buffer) {
    assertKey(dataKey);
  }

  private seal(out: Buffer[], plain: Buffer, last: boolean) {
    if (this.index === 0) out.push(this.header);
    const cipher = createCipheriv("aes-256-gcm", this.dataKey, segmentNonce(this.header, this.index++, last), { authTagLength: TAG_SIZE });
    cipher.setAAD(this.header);
    const body = cipher.update(plain); // a fresh buffer, so `held` can be reused right away
    cipher.final();
    if (body.length > 0) out.push(body);
    out.push(cipher.getAuthTag());
  }

  write(chunk: Buffer, out: Buffer[] = []): Buffer[] {
    for (let at = 0; at < chunk.length;) {
      if (this.heldLength === SEGMENT_SIZE) {
        this.seal(out, this.held, false);
        this.heldLength = 0;
      }
      if (this.heldLength === 0 && chunk.length - at > SEGMENT_SIZE) {
        // Whole segments inside a large chunk are known not to be last: sealed in place, without a copy.
        this.seal(out, chunk.subarray(at, at + SEGMENT_SIZE), false);
        at += SEGMENT_SIZE;
      } else {
        const copied = chunk.copy(this.held, this.heldLength, at, Math.min(chunk.length, at + SEGMENT_SIZE - this.heldLength));
        this.heldLength += copied;
        at += copied;
      }
    }
    return out;
  }

  end(out: Buffer[] = []): Buffer[] {
    this.seal(out, this.held.subarray(0, this.heldLength), true);
    return out;
  }
}

export function createEncryptStream(dataKey: Buffer): Transform {
  const sealer = new SegmentSealer(dataKey);
  const pushAll = (stream: Transform, buffers: Buffer[]) => {
    for (const buffer of buffers) stream.push(buffer);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        pushAll(this, sealer.write(chunk));
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        pushAll(this, sealer.end());
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/** Decrypts and verifies one sealed segment (ciphertext followed by its tag); nothing unverified comes out. */
function openSegment(key: Buffer, header: Buffer, index: number, last: boolean, sealed: Buffer): Buffer {
  const decipher = createDecipheriv("aes-256-gcm", key, segmentNonce(header, index, last), { authTagLength: TAG_SIZE });
  decipher.setAAD(header);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
  try {
    decipher.final();
  } catch {
    throw new IntegrityError(`segment ${index} failed authentication`);
  }
  return plain;
}

/** Bytes arriving in chunks of any size, taken back out in exact lengths (a copy only across chunk boundaries). */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;
  push(chunk: Buffer) {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  take(length: number): Buffer {
    this.length -= length;
    const first = this.chunks[0];
    if (first.length >= length) {
      if (first.length === length) this.chunks.shift();
      else this.chunks[0] = first.subarray(length);
      return first.subarray(0, length);
    }
    const taken = Buffer.allocUnsafe(length);
    for (let at = 0; at < length;) {
      const chunk = this.chunks[0];
      const part = Math.min(chunk.length, length - at);
      chunk.copy(taken, at, 0, part);
      at += part;
      if (part === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part);
    }
    return taken;
  }
}

const asBuffer = (chunk: unknown): Buffer => {
  if (!(chunk instanceof Uint8Array)) throw new TypeError("ciphertext stream must yield bytes");
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
};

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
  // When the range reaches the final segment, ask for one byte more than the blob should hold,
  // so data appended after the final segment is noticed instead of silently ignored.
  const segmentsEnd = last === count - 1 ? ciphertextSize(size) : segmentOffset(last + 1) - 1;

  const sources = new Set<Source>();
  let current: Readable | null = null;
  const destroySources = () => {
    for (const source of sources) (source as Partial<Readable>).destroy?.();
    sources.clear();
    current = null;
  };
  const open = async (from: number, to: number): Promise<Readable> => {
    const raw = await openCiphertext(from, to);
    const stream = raw instanceof Readable ? raw : new Readable().wrap(raw);
    sources.add(raw).add(stream);
    if (out.destroyed || failing) destroySources();
    return stream;
  };
  // The segments verified before a damaged one still go out (the reader gets every byte that was proven
  // authentic); the error follows once the reader has taken them.
  let failing: Error | null = null;
  const fail = (error: unknown) => {
    if (out.destroyed || failing) return;
    if (out.readableLength === 0) return void out.destroy(error as Error);
    failing = error as Error;
    destroySources();
  };
  const checkHeader = (header: Buffer) => {
    if (!header.subarray(0, MAGIC.length).equals(MAGIC) || header[MAGIC.length] !== VERSION)
      throw new IntegrityError("not a Coffer v1 blob");
    return header;
  };

  /** Reads the 12-byte header (and nothing more) from its own source, for a range that starts past segment 0. */
  const readHeader = (source: Readable, then: (header: Buffer) => void) => {
    const queue = new ByteQueue();
    current = source;
    source.on("data", (chunk) => {
      try {
        queue.push(asBuffer(chunk));
        if (queue.length > HEADER_SIZE) throw new IntegrityError("ciphertext has trailing bytes");
      } catch (error) {
        fail(error);
      }
    });
    source.once("error", fail);
    source.once("end", () => {
      if (out.destroyed || failing) return;
      if (queue.length < HEADER_SIZE) return fail(new IntegrityError("ciphertext is truncated"));
      try {
        const header = checkHeader(queue.take(HEADER_SIZE));
        sources.delete(source);
        then(header);
      } catch (error) {
        fail(error);
      }
    });
  };

  /**
   * Opens each segment of the range as soon as its bytes are in, and pushes the requested part of it. Without a
   * header yet, the source starts at byte 0 and the header comes first (one read for a range from segment 0).
   */
  const readSegments = (source: Readable, known: Buffer | null) => {
    let header = known;
    current = source;
    const queue = new ByteQueue();
    let index = first;
    source.on("data", (chunk) => {
      if (out.destroyed || failing) return;
      try {
        queue.push(asBuffer(chunk));
        if (!header) {
          if (queue.length < HEADER_SIZE) return;
          header = checkHeader(queue.take(HEADER_SIZE));
        }
        let more = true;
        while (index <= last && queue.length >= plainLength(index) + TAG_SIZE) {
          const plain = openSegment(dataKey, header, index, index === count - 1, queue.take(plainLength(index) + TAG_SIZE));
          const from = index === first ? start - index * SEGMENT_SIZE : 0;
          const to = index === last ? end + 1 - index * SEGMENT_SIZE : plain.length;
          index++;
          if (to > from) more = out.push(from === 0 && to === plain.length ? plain : plain.subarray(from, to));
        }
        if (index > last && queue.length > 0) throw new IntegrityError("ciphertext has trailing bytes");
        if (!more) source.pause();
      } catch (error) {
        fail(error);
      }
    });
    source.once("error", fail);
    source.once("end", () => {
      if (out.destroyed || failing) return;
      if (index <= last) return fail(new IntegrityError("ciphertext is truncated"));
      sources.delete(source);
      out.push(null);
    });
  };

  const begin = async () => {
    if (first === 0) return readSegments(await open(0, segmentsEnd), null);
    readHeader(await open(0, HEADER_SIZE - 1), (header) => {
      open(segmentOffset(first), segmentsEnd).then((source) => {
        if (!out.destroyed && !failing) readSegments(source, header);
      }, fail);
    });
  };

  let begun = false;
  const out: Readable = new Readable({
    read() {
      if (failing) {
        const error = failing;
        // After this read's bytes are handed on: Node asks for more while it returns the last buffered ones.
        return void process.nextTick(() => out.destroy(error));
      }
      if (!begun) {
        begun = true;
        begin().catch(fail);
      } else current?.resume();
    },
    destroy(error, callback) {
      destroySources();
      callback(error);
    },
  });
  return out;
}

export function createDecryptStream(opts: DecryptOptions): Readable {
  return decryptRange({ ...opts, start: 0, end: opts.plaintextSize - 1 });
}

/** The plaintext size a blob of this many stored bytes holds, or null when no plaintext size gives exactly that. */
export function plaintextSizeOf(stored: number): number | null {
  const segments = Math.max(1, Math.ceil((stored - HEADER_SIZE) / SEALED_SEGMENT_SIZE));
  const size = stored - HEADER_SIZE - segments * TAG_SIZE;
  return size >= 0 && ciphertextSize(size) === stored ? size : null;
}
