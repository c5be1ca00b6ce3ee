// STREAM construction (as in age / Tink) over AES-256-GCM: each segment is authenticated on its own,
// so any byte range can be decrypted and verified without reading the whole blob. The nonce binds the
// segment's position and whether it is the final one, so segments cannot be reordered, dropped or cut off.
// The AES-GCM work runs on runs of up to 16 segments (a MiB) at a time, through a SegmentCipher: on the event loop
// (inlineCipher, for scripts and tests) or in worker threads (lib/crypto/segment-pool.ts, for transfers;
// docs/decisions/075). The streams around it only move buffers, and keep the runs in order.
import { randomBytes } from "node:crypto";
import { Readable, Transform } from "node:stream";
import {
  HEADER_SIZE,
  openSegments,
  SEALED_SEGMENT_SIZE,
  SEGMENT_SIZE,
  sealSegments,
  TAG_SIZE,
  type OpenedSegments,
} from "./segment-cipher.cjs";

export { HEADER_SIZE, SEALED_SEGMENT_SIZE, SEGMENT_SIZE, TAG_SIZE };
const MAGIC = Buffer.from("CFR1", "ascii");
const VERSION = 1;
const PREFIX_SIZE = 7;
const newHeader = () => Buffer.concat([MAGIC, Buffer.from([VERSION]), randomBytes(PREFIX_SIZE)]);
const checkHeaderBytes = (header: Buffer) => header.subarray(0, MAGIC.length).equals(MAGIC) && header[MAGIC.length] === VERSION;
/** Segments sealed or opened as one piece of work: a MiB of plaintext. */
export const BATCH_SEGMENTS = 16;
const BATCH_BYTES = BATCH_SEGMENTS * SEGMENT_SIZE;
/** Runs of one stream being opened at once: enough to keep a read, the decryption and the socket busy together. */
export const RUNS_IN_FLIGHT = 2;

/** Seals and opens runs of whole segments (lib/crypto/segment-cipher.cjs), here or in another thread. */
export type SegmentCipher = {
  /** `owned`: as for `open`. */
  seal(key: Buffer, header: Buffer, firstIndex: number, plain: Buffer, final: boolean, owned: boolean): Buffer | Promise<Buffer>;
  /** `owned`: nothing else holds `sealed`'s memory, so the cipher may take it (hand it to a thread without a copy). */
  open(
    key: Buffer,
    header: Buffer,
    firstIndex: number,
    finalIndex: number,
    sealed: Buffer,
    owned: boolean,
  ): OpenedSegments | Promise<OpenedSegments>;
};

/** The cipher on the calling thread: a run that is the reader's alone is opened in place (no new memory). */
export const inlineCipher: SegmentCipher = {
  seal: (key, header, firstIndex, plain, final) => sealSegments(key, header, firstIndex, plain, final),
  open: (key, header, firstIndex, finalIndex, sealed, owned) => openSegments(key, header, firstIndex, finalIndex, sealed, owned),
};

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
export type DecryptOptions = {
  dataKey: Buffer;
  plaintextSize: number;
  openCiphertext: OpenCiphertext;
  cipher?: SegmentCipher;
  /** The sources' chunks are this stream's alone once read (fs read streams): the cipher may take their memory. */
  sourceOwnsChunks?: boolean;
};

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

/**
 * Seals plaintext into a blob: `write` answers the stored bytes of the runs its input completed (the header
 * leads the first), `end` the rest. A run is sealed only once more input follows it: only then is it known not to
 * hold the final segment.
 */
export class SegmentSealer {
  readonly header: Buffer;
  private readonly held = new ByteQueue();
  private index: number;

  /**
   * `resume` goes on with a blob another sealer began (a resumable upload's next request): under its header, from
   * segment `index` (the stored bytes then continue without a header).
   */
  constructor(
    private readonly dataKey: Buffer,
    private readonly cipher: SegmentCipher = inlineCipher,
    resume?: { header: Buffer; index: number },
  ) {
    assertKey(dataKey);
    if (resume && (resume.header.length !== HEADER_SIZE || !checkHeaderBytes(resume.header))) throw new RangeError("invalid header");
    if (resume && (!Number.isSafeInteger(resume.index) || resume.index < 0)) throw new RangeError("invalid segment index");
    this.header = resume?.header ?? newHeader();
    this.index = resume?.index ?? 0;
  }

  /** Plaintext taken and not sealed yet. */
  get heldBytes(): number {
    return this.held.length;
  }

  /**
   * Seals every whole segment held as segments that are not the blob's last (the caller knows more follows), in
   * runs of up to 16; what is left of a segment stays held.
   */
  async sealWhole(): Promise<Buffer[]> {
    const runs: Promise<Buffer>[] = [];
    while (this.held.length >= SEGMENT_SIZE)
      runs.push(this.seal(Math.min(BATCH_BYTES, this.held.length - (this.held.length % SEGMENT_SIZE)), false));
    return Promise.all(runs);
  }

  private seal(length: number, final: boolean): Promise<Buffer> {
    const plain = this.held.take(length);
    // A run gathered from several chunks is a copy of the sealer's own; a run inside one chunk is the caller's memory.
    const owned = this.held.copiedLast;
    const firstIndex = this.index;
    this.index += Math.ceil(plain.length / SEGMENT_SIZE);
    return Promise.resolve(this.cipher.seal(this.dataKey, this.header, firstIndex, plain, final, owned));
  }

  /** The runs of a large chunk are sealed side by side (in as many threads as the cipher has). */
  async write(chunk: Buffer): Promise<Buffer[]> {
    this.held.push(chunk);
    const runs: Promise<Buffer>[] = [];
    while (this.held.length > BATCH_BYTES) runs.push(this.seal(BATCH_BYTES, false));
    return Promise.all(runs);
  }

  async end(): Promise<Buffer[]> {
    return [await this.seal(this.held.length, true)];
  }
}

export function createEncryptStream(dataKey: Buffer, cipher?: SegmentCipher): Transform {
  const sealer = new SegmentSealer(dataKey, cipher);
  const pushAll = (stream: Transform, buffers: Buffer[]) => {
    for (const buffer of buffers) stream.push(buffer);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sealer.write(chunk).then((sealed) => {
        pushAll(this, sealed);
        done();
      }, done);
    },
    flush(done) {
      sealer.end().then((sealed) => {
        pushAll(this, sealed);
        done();
      }, done);
    },
  });
}

/** Bytes arriving in chunks of any size, taken back out in exact lengths (a copy only across chunk boundaries). */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;
  /** The last `take` answered a copy of the queue's own (its bytes spanned chunks), not a view of a chunk. */
  copiedLast = false;
  push(chunk: Buffer) {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  take(length: number): Buffer {
    this.copiedLast = false;
    if (length === 0) return Buffer.alloc(0);
    this.length -= length;
    const first = this.chunks[0];
    if (first.length >= length) {
      if (first.length === length) this.chunks.shift();
      else this.chunks[0] = first.subarray(length);
      return first.subarray(0, length);
    }
    const taken = Buffer.allocUnsafeSlow(length);
    this.copiedLast = true;
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
  const { dataKey, plaintextSize: size, start, end, openCiphertext, cipher = inlineCipher, sourceOwnsChunks = false } = opts;
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
   * Opens the segments of the range in runs of up to 16 as their bytes come in (a run waits for all 16 unless the
   * range or the bytes end first), at most two runs at once, and pushes the requested part of each in order. Without
   * a header yet, the source starts at byte 0 and the header comes first (one read for a range from segment 0).
   * Every error is queued behind the runs before it, so the verified bytes before a fault still go out.
   */
  const readSegments = (source: Readable, known: Buffer | null) => {
    let header = known;
    current = source;
    const queue = new ByteQueue();
    let index = first; // the next segment to hand to the cipher
    let inFlight = 0;
    let sourceEnded = false;
    let closed = false; // the range's end, or its error, is queued
    let tail: Promise<void> = Promise.resolve();
    /** Runs `step` after the steps before it, unless the range has failed or the reader left meanwhile. */
    const inOrder = (step: () => void | Promise<void>) => {
      tail = tail.then(() => (out.destroyed || failing ? undefined : step())).catch(fail);
    };
    const close = (step: () => void) => {
      closed = true;
      inOrder(step);
    };
    /**
     * Segments from `index` whose bytes are all in, and their stored length: a whole run, or what ends the range. The
     * first run is one segment, so the first bytes go out at once and the first write is never more than a segment (a
     * link's slot is spent only by a transfer that delivered more, lib/links/claim-download.ts); the second run ends
     * where a 16-segment read does, so reads and runs stay aligned.
     */
    const ready = () => {
      const run = index === first ? 1 : BATCH_SEGMENTS - ((index - first) % BATCH_SEGMENTS);
      let segments = 0;
      let bytes = 0;
      while (index + segments <= last && segments < run) {
        const need = plainLength(index + segments) + TAG_SIZE;
        if (bytes + need > queue.length) break;
        bytes += need;
        segments++;
      }
      const wholeRun = segments === run || index + segments > last || sourceEnded;
      return wholeRun ? { segments, bytes } : { segments: 0, bytes: 0 };
    };
    const deliver = ({ plain, failedAt }: OpenedSegments, runFirst: number, segments: number) => {
      inFlight--;
      if (out.destroyed || failing) return;
      const from = runFirst === first ? start - first * SEGMENT_SIZE : 0;
      const to = Math.min(plain.length, runFirst + segments - 1 === last ? end + 1 - runFirst * SEGMENT_SIZE : plain.length);
      if (to > from) wantMore = out.push(from === 0 && to === plain.length ? plain : plain.subarray(from, to));
      if (failedAt !== null) {
        closed = true;
        return fail(new IntegrityError(`segment ${failedAt} failed authentication`));
      }
      pump();
    };
    const pump = () => {
      if (out.destroyed || failing || closed) return;
      if (!header) return void (sourceEnded && close(() => fail(new IntegrityError("ciphertext is truncated"))));
      const known = header;
      while (inFlight < RUNS_IN_FLIGHT) {
        const { segments, bytes } = ready();
        if (segments === 0) break;
        const runFirst = index;
        index += segments;
        inFlight++;
        const sealed = queue.take(bytes);
        // A run gathered from several chunks (a copy of the queue's own), or a read of exactly this run (the local disk
        // reads one run at a time, into memory of its own), is moved to the cipher's thread as it is; anything else is
        // copied there.
        const owned = queue.copiedLast || (sourceOwnsChunks && sealed.byteOffset === 0 && sealed.byteLength === sealed.buffer.byteLength);
        const opened = Promise.resolve().then(() => cipher.open(dataKey, known, runFirst, count - 1, sealed, owned));
        opened.catch(() => undefined); // awaited in order below; an error before then is not unhandled
        inOrder(async () => deliver(await opened, runFirst, segments));
      }
      if (index > last && queue.length > 0) return close(() => fail(new IntegrityError("ciphertext has trailing bytes")));
      if (sourceEnded) {
        if (index > last) return close(() => void (sources.delete(source), out.push(null)));
        if (inFlight === 0) return close(() => fail(new IntegrityError("ciphertext is truncated")));
        return;
      }
      if (inFlight < RUNS_IN_FLIGHT && wantMore) source.resume();
      else source.pause();
    };
    onRead = pump;
    source.on("data", (chunk) => {
      if (out.destroyed || failing || closed) return;
      try {
        queue.push(asBuffer(chunk));
        if (!header) {
          if (queue.length < HEADER_SIZE) return;
          header = checkHeader(queue.take(HEADER_SIZE));
        }
        pump();
      } catch (error) {
        close(() => fail(error));
      }
    });
    source.once("error", (error) => close(() => fail(error)));
    source.once("end", () => {
      sourceEnded = true;
      pump();
    });
  };

  const begin = async () => {
    // A source whose chunks are runs of memory of their own is read from the first segment's boundary, so that each
    // read is one whole run, moved to the cipher's thread as it is; any other reads the header with the segments.
    if (first === 0 && !sourceOwnsChunks) return readSegments(await open(0, segmentsEnd), null);
    readHeader(await open(0, HEADER_SIZE - 1), (header) => {
      open(segmentOffset(first), segmentsEnd).then((source) => {
        if (!out.destroyed && !failing) readSegments(source, header);
      }, fail);
    });
  };

  let begun = false;
  /** The reader has room for more (false once a push was refused, until it reads again). */
  let wantMore = true;
  let onRead: () => void = () => void current?.resume();
  const out: Readable = new Readable({
    read() {
      if (failing) {
        const error = failing;
        // After this read's bytes are handed on: Node asks for more while it returns the last buffered ones.
        return void process.nextTick(() => out.destroy(error));
      }
      wantMore = true;
      if (!begun) {
        begun = true;
        begin().catch(fail);
      } else onRead();
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
