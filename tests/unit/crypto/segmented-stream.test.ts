import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import fc from "fast-check";
import {
  BATCH_SEGMENTS,
  ciphertextSize,
  createDecryptStream,
  createEncryptStream,
  decryptRange,
  HEADER_SIZE,
  IntegrityError,
  RUNS_IN_FLIGHT,
  SEGMENT_SIZE,
  SegmentSealer,
  TAG_SIZE,
} from "@/lib/crypto/segmented-stream";
import { drain } from "@/tests/support/drain-stream";

const SEG = SEGMENT_SIZE;
const key = randomBytes(32);
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const segOffset = (i: number) => HEADER_SIZE + i * (SEG + TAG_SIZE);

// Deterministic bytes from a seed: fast for large sizes and reproducible when fast-check shrinks.
function bytes(size: number, seed = 0): Buffer {
  const k = createHash("sha256").update(`seed-${seed}`).digest();
  return createCipheriv("aes-256-ctr", k, Buffer.alloc(16)).update(Buffer.alloc(size));
}

function* chunked(data: Buffer, sizes: number[]): Generator<Buffer> {
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = sizes[i % sizes.length];
    yield data.subarray(at, at + n);
    at += n;
  }
}

async function encrypt(data: Buffer, sizes: number[] = [1000]): Promise<Buffer> {
  const enc = createEncryptStream(key);
  Readable.from(chunked(data, sizes)).pipe(enc);
  return buffer(enc);
}

// In small chunks so segment and tag reassembly across chunk boundaries is exercised.
const fromMemory =
  (blob: Buffer, chunk = 977) =>
  (start: number, end: number) =>
    Readable.from(chunked(blob.subarray(start, end + 1), [chunk]));

const decryptAll = (blob: Buffer, plaintextSize: number) =>
  drain(createDecryptStream({ dataKey: key, plaintextSize, openCiphertext: fromMemory(blob) }));

const SIZES = [0, 1, SEG - 1, SEG, SEG + 1, 3 * SEG + 5];

describe("segmented stream: layout", () => {
  it.each(SIZES)("round-trips %i bytes and matches ciphertextSize", async (size) => {
    const plain = bytes(size, size);
    const blob = await encrypt(plain, [1, 7, 4096, 70_000, 13]);
    expect(blob.length).toBe(ciphertextSize(size));
    const { data, error } = await decryptAll(blob, size);
    expect(error).toBeUndefined();
    expect(sha(data)).toBe(sha(plain));
  });

  it("sizes edge cases as specified", () => {
    expect(ciphertextSize(0)).toBe(28);
    expect(ciphertextSize(SEG)).toBe(12 + SEG + 16);
    expect(ciphertextSize(SEG + 1)).toBe(12 + SEG + 1 + 32);
  });

  it("follows the documented nonce and AAD layout", async () => {
    const plain = bytes(SEG + 10);
    const blob = await encrypt(plain);
    const header = blob.subarray(0, HEADER_SIZE);
    expect(header.subarray(0, 5).equals(Buffer.from("CFR1\x01", "latin1"))).toBe(true);
    const open = (i: number, last: number, length: number) => {
      const nonce = Buffer.concat([header.subarray(5), Buffer.from([0, 0, 0, i, last])]);
      const d = createDecipheriv("aes-256-gcm", key, nonce).setAAD(header);
      d.setAuthTag(blob.subarray(segOffset(i) + length, segOffset(i) + length + TAG_SIZE));
      return Buffer.concat([d.update(blob.subarray(segOffset(i), segOffset(i) + length)), d.final()]);
    };
    expect(open(0, 0, SEG).equals(plain.subarray(0, SEG))).toBe(true);
    expect(open(1, 1, 10).equals(plain.subarray(SEG))).toBe(true);
  });

  it("emits whole runs of segments without waiting for the end of input", async () => {
    const enc = createEncryptStream(key);
    enc.write(bytes(BATCH_SEGMENTS * SEG + 1));
    await new Promise((resolve) => setImmediate(resolve));
    expect((enc.read() as Buffer).length).toBe(HEADER_SIZE + BATCH_SEGMENTS * (SEG + TAG_SIZE));
    enc.end();
    expect((await buffer(enc)).length).toBe(1 + TAG_SIZE);
  });

  it("uses a fresh nonce prefix per blob", async () => {
    const a = await encrypt(bytes(10));
    const b = await encrypt(bytes(10));
    expect(a.subarray(0, HEADER_SIZE).equals(b.subarray(0, HEADER_SIZE))).toBe(false);
  });
});

describe("segmented stream: tampering", () => {
  const size = 3 * SEG + 5; // segments 0..2 full, segment 3 holds 5 bytes
  const plain = bytes(size, 42);
  let blob: Buffer;
  beforeAll(async () => {
    blob = await encrypt(plain);
  });
  const seg = (i: number) => blob.subarray(segOffset(i), i === 3 ? blob.length : segOffset(i + 1));

  const cases: [string, () => Buffer][] = [
    ["swapped segments", () => Buffer.concat([blob.subarray(0, segOffset(1)), seg(2), seg(1), seg(3)])],
    ["dropped segment", () => Buffer.concat([blob.subarray(0, segOffset(1)), seg(2), seg(3)])],
    ["appended segment", () => Buffer.concat([blob, seg(3)])],
    ["appended copy of a full segment", () => Buffer.concat([blob, seg(0)])],
    ["truncated mid-segment", () => blob.subarray(0, segOffset(2) + 500)],
    ["truncated at a segment boundary", () => blob.subarray(0, segOffset(3))],
    ["truncated inside the header", () => blob.subarray(0, 5)],
    ...[0, 4, 5, 11].map((i): [string, () => Buffer] => [`changed header byte ${i}`, () => flip(blob, i)]),
    ["changed tag of the final segment", () => flip(blob, blob.length - 1)],
  ];

  function flip(data: Buffer, index: number): Buffer {
    const copy = Buffer.from(data);
    copy[index] ^= 0x01;
    return copy;
  }

  it.each(cases)("%s fails with IntegrityError", async (_name, make) => {
    const { error } = await decryptAll(make(), size);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error?.name).toBe("IntegrityError");
  });

  it("emits nothing from a flipped segment or after it", async () => {
    const { data, error } = await decryptAll(flip(blob, segOffset(2) + 100), size);
    expect(error).toBeInstanceOf(IntegrityError);
    expect(data.length).toBeLessThanOrEqual(2 * SEG);
    expect(data.equals(plain.subarray(0, data.length))).toBe(true);
  });

  it("hands on every segment verified before a damaged one, then fails, when the blob arrives in one read", async () => {
    const damaged = flip(blob, segOffset(2) + 100);
    const { data, error } = await drain(
      createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext: fromMemory(damaged, damaged.length) }),
    );
    expect(error).toBeInstanceOf(IntegrityError);
    expect(data.equals(plain.subarray(0, 2 * SEG))).toBe(true);
  });

  it("notices bytes appended after the final segment when they arrive with it", async () => {
    const { data, error } = await drain(
      createDecryptStream({
        dataKey: key,
        plaintextSize: size,
        openCiphertext: fromMemory(Buffer.concat([blob, blob.subarray(-100)]), 1 << 30),
      }),
    );
    expect(error).toBeInstanceOf(IntegrityError);
    expect(data.equals(plain)).toBe(true);
  });

  it("ranges that avoid a damaged segment still decrypt", async () => {
    const damaged = flip(blob, segOffset(2) + 100);
    const stream = decryptRange({ dataKey: key, plaintextSize: size, start: 10, end: 2 * SEG - 1, openCiphertext: fromMemory(damaged) });
    expect((await buffer(stream)).equals(plain.subarray(10, 2 * SEG))).toBe(true);
  });

  it("rejects the wrong data key", async () => {
    const stream = createDecryptStream({ dataKey: randomBytes(32), plaintextSize: size, openCiphertext: fromMemory(blob) });
    expect((await drain(stream)).error).toBeInstanceOf(IntegrityError);
  });

  it("rejects a source that returns more than was asked for", async () => {
    const sloppy = (start: number) => Readable.from([blob.subarray(start)]);
    const stream = decryptRange({ dataKey: key, plaintextSize: size, start: 0, end: 5, openCiphertext: sloppy });
    expect((await drain(stream)).error).toBeInstanceOf(IntegrityError);
  });
});

describe("segmented stream: ranges", () => {
  const size = 5 * SEG + 123;
  const plain = bytes(size, 7);
  let blob: Buffer;
  beforeAll(async () => {
    blob = await encrypt(plain);
  });
  const range = (start: number, end: number, chunk = 977) =>
    buffer(decryptRange({ dataKey: key, plaintextSize: size, start, end, openCiphertext: fromMemory(blob, chunk) }));

  it.each([
    [0, 0],
    [size - 1, size - 1],
    [SEG - 1, SEG],
    [SEG, 2 * SEG - 1],
    [SEG - 1, 4 * SEG + 1],
    [5 * SEG, size - 1],
    [0, size - 1],
  ])("decrypts %i-%i", async (start, end) => {
    expect((await range(start, end)).equals(plain.subarray(start, end + 1))).toBe(true);
  });

  it("opens only the segments a range touches", async () => {
    const calls: [number, number][] = [];
    const open = (start: number, end: number) => (calls.push([start, end]), fromMemory(blob)(start, end));
    await buffer(decryptRange({ dataKey: key, plaintextSize: size, start: SEG + 5, end: 2 * SEG + 5, openCiphertext: open }));
    expect(calls).toEqual([
      [0, HEADER_SIZE - 1],
      [segOffset(1), segOffset(3) - 1],
    ]);
  });

  it("opens a range that starts in the first segment once, header and segments together", async () => {
    const calls: [number, number][] = [];
    const open = async (start: number, end: number) => (calls.push([start, end]), fromMemory(blob)(start, end));
    const out = await buffer(decryptRange({ dataKey: key, plaintextSize: size, start: 5, end: 2 * SEG + 5, openCiphertext: open }));
    expect(out.equals(plain.subarray(5, 2 * SEG + 6))).toBe(true);
    expect(calls).toEqual([[0, segOffset(3) - 1]]);
  });

  it("rejects invalid ranges", () => {
    const bad =
      (start: number, end: number, plaintextSize = size) =>
      () =>
        decryptRange({ dataKey: key, plaintextSize, start, end, openCiphertext: fromMemory(blob) });
    for (const [s, e] of [
      [-1, 0],
      [5, 4],
      [0, size],
      [0.5, 2],
    ])
      expect(bad(s, e)).toThrow(RangeError);
    expect(bad(0, 0, 0)).toThrow(RangeError);
  });

  it("verifies the empty final segment of an empty file", async () => {
    const empty = await encrypt(Buffer.alloc(0));
    const ok = decryptRange({ dataKey: key, plaintextSize: 0, start: 0, end: -1, openCiphertext: fromMemory(empty) });
    expect((await buffer(ok)).length).toBe(0);
    const cut = createDecryptStream({ dataKey: key, plaintextSize: 0, openCiphertext: fromMemory(empty.subarray(0, HEADER_SIZE)) });
    expect((await drain(cut)).error).toBeInstanceOf(IntegrityError);
  });

  it("property: random ranges of a fixed blob", async () => {
    const pair = fc.tuple(fc.integer({ min: 0, max: size - 1 }), fc.integer({ min: 0, max: size - 1 }));
    await fc.assert(
      fc.asyncProperty(pair, fc.integer({ min: 16, max: 70_000 }), async ([a, b], chunk) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        expect((await range(start, end, chunk)).equals(plain.subarray(start, end + 1))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe("segmented stream: properties", () => {
  const chunkSizes = fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 200_000 })), {
    minLength: 1,
    maxLength: 8,
  });
  const sizeArb = fc.oneof(fc.integer({ min: 0, max: 300_000 }), fc.constantFrom(0, 1, SEG - 1, SEG, SEG + 1, 2 * SEG, 4 * SEG + 1));

  it("round-trips random sizes fed in random chunks", async () => {
    await fc.assert(
      fc.asyncProperty(sizeArb, chunkSizes, fc.nat(), async (size, sizes, seed) => {
        const plain = bytes(size, seed);
        const blob = await encrypt(plain, sizes);
        expect(blob.length).toBe(ciphertextSize(size));
        const { data, error } = await decryptAll(blob, size);
        expect(error).toBeUndefined();
        expect(sha(data)).toBe(sha(plain));
      }),
      { numRuns: 40 },
    );
  });

  it("decrypts random ranges of random sizes", async () => {
    const arb = sizeArb
      .filter((n) => n > 0)
      .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: size - 1 }), fc.integer({ min: 0, max: size - 1 })));
    await fc.assert(
      fc.asyncProperty(arb, async ([size, a, b]) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const plain = bytes(size, size);
        const blob = await encrypt(plain, [SEG + 3]);
        const out = decryptRange({ dataKey: key, plaintextSize: size, start, end, openCiphertext: fromMemory(blob, 4099) });
        expect((await buffer(out)).equals(plain.subarray(start, end + 1))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});

describe("segmented stream: files and stream lifecycle", () => {
  const size = 100 * SEG + 77; // several runs of BATCH_SEGMENTS
  const plain = bytes(size, 3);
  let blob: Buffer;
  let dir: string;
  beforeAll(async () => {
    blob = await encrypt(plain);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "coffer-crypto-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("decrypts from a real file with fs.createReadStream ranges", async () => {
    const file = path.join(dir, "blob");
    fs.writeFileSync(file, blob);
    const openCiphertext = (start: number, end: number) => fs.createReadStream(file, { start, end, highWaterMark: 5000 });
    const all = await buffer(createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext }));
    expect(sha(all)).toBe(sha(plain));
    const part = await buffer(decryptRange({ dataKey: key, plaintextSize: size, start: 3 * SEG - 2, end: size - 1, openCiphertext }));
    expect(part.equals(plain.subarray(3 * SEG - 2))).toBe(true);

    fs.appendFileSync(file, Buffer.from([0]));
    const appended = await drain(createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext }));
    expect(appended.error).toBeInstanceOf(IntegrityError);
    fs.truncateSync(file, blob.length - 1);
    const truncated = await drain(createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext }));
    expect(truncated.error).toBeInstanceOf(IntegrityError);
  });

  it("passes source I/O errors through unchanged", async () => {
    const openCiphertext = () => fs.createReadStream(path.join(dir, "missing"));
    const { error } = await drain(createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext }));
    expect((error as NodeJS.ErrnoException).code).toBe("ENOENT");
  });

  it("destroying the output destroys the ciphertext source at once", async () => {
    const opened: Readable[] = [];
    const openCiphertext = (start: number, end: number) => {
      const source = fromMemory(blob, 1000)(start, end);
      opened.push(source);
      return source;
    };
    const out = createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext });
    // Nobody reads on: the output's buffer fills and the source waits, still open.
    await once(out, "readable");
    const source = opened[opened.length - 1];
    // One source: a whole-file read takes the header and the segments from one range.
    expect(opened).toHaveLength(1);
    expect(source.destroyed).toBe(false);
    out.destroy();
    expect(source.destroyed).toBe(true);
  });

  it("hands out the first segment on its own, then runs that end where 16-segment reads end", async () => {
    const sizes: number[] = [];
    const out = createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext: fromMemory(blob, 100_000) });
    out.on("data", (chunk: Buffer) => sizes.push(chunk.length));
    await once(out, "end");
    expect(sizes.slice(0, 3)).toEqual([SEG, (BATCH_SEGMENTS - 1) * SEG, BATCH_SEGMENTS * SEG]);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(size);
  });

  it("applies backpressure instead of reading the whole blob", async () => {
    let pulled = 0;
    const openCiphertext = (start: number, end: number) =>
      Readable.from(
        (function* () {
          for (const chunk of chunked(blob.subarray(start, end + 1), [1000])) {
            pulled += chunk.length;
            yield chunk;
          }
        })(),
      );
    const out = createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext });
    await once(out, "readable");
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Two runs being opened and one gathering, of the blob's 101 segments.
    expect(pulled).toBeLessThan((RUNS_IN_FLIGHT + 1) * BATCH_SEGMENTS * (SEG + TAG_SIZE));
    out.destroy();
  });
});

describe("a sealer resumed across requests (resumable uploads)", () => {
  it("makes the same blob as one sealer, wherever the requests end, and drops what is short of a segment", () =>
    fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 * SEG }),
        fc.array(fc.integer({ min: 1, max: 12 * SEG }), { minLength: 1, maxLength: 6 }),
        async (size, cuts) => {
          const data = bytes(size, size);
          const first = new SegmentSealer(key);
          const parts: Buffer[] = [];
          let at = 0;
          let request = 0;
          for (const cut of [...cuts, size]) {
            // Each request has a sealer of its own, as each PATCH does.
            const sealer = request++ === 0 ? first : new SegmentSealer(key, undefined, { header: first.header, index: at / SEG });
            const end = Math.min(size, at + cut);
            for (const piece of chunked(data.subarray(at, end), [7_000, SEG, 3 * SEG + 1])) parts.push(...(await sealer.write(piece)));
            if (end === size) {
              parts.push(...(await sealer.end()));
              break;
            }
            parts.push(...(await sealer.sealWhole()));
            // What is left of a segment is dropped: the next request sends it again.
            expect(sealer.heldBytes).toBe(end % SEG);
            at = end - (end % SEG);
          }
          const blob = Buffer.concat(parts);
          expect(blob.length).toBe(ciphertextSize(size));
          const opened = await buffer(
            createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext: () => Readable.from([blob]) }),
          );
          expect(opened.equals(data)).toBe(true);
        },
      ),
      { numRuns: 40 },
    ));

  it("refuses a header that is not one", () => {
    expect(() => new SegmentSealer(key, undefined, { header: randomBytes(HEADER_SIZE), index: 1 })).toThrow(RangeError);
    expect(() => new SegmentSealer(key, undefined, { header: new SegmentSealer(key).header, index: -1 })).toThrow(RangeError);
  });
});
