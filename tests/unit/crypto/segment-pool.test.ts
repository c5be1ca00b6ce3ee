// The worker-thread cipher of transfers (lib/crypto/segment-pool.ts): real worker threads running
// lib/crypto/segment-worker.cjs. What they seal, the event loop opens, and the other way round; damage is found there
// as here, with the verified bytes before it handed on; and the work really leaves the calling thread.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import fc from "fast-check";
import type { Piscina } from "piscina";
import { createSegmentPool, poolCipher, transferCipher } from "@/lib/crypto/segment-pool";
import {
  BATCH_SEGMENTS,
  ciphertextSize,
  createDecryptStream,
  createEncryptStream,
  decryptRange,
  HEADER_SIZE,
  inlineCipher,
  IntegrityError,
  SEGMENT_SIZE,
  TAG_SIZE,
  type SegmentCipher,
} from "@/lib/crypto/segmented-stream";
import { drain } from "@/tests/support/drain-stream";

const SEG = SEGMENT_SIZE;
const key = randomBytes(32);
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");
let pool: Piscina;
let pooled: SegmentCipher;

beforeAll(() => {
  pool = createSegmentPool(2);
  pooled = poolCipher(pool);
});
afterAll(() => pool.destroy());

async function seal(plain: Buffer, cipher: SegmentCipher, chunk = 70_000): Promise<Buffer> {
  const chunks = [];
  for (let at = 0; at < plain.length; at += chunk) chunks.push(plain.subarray(at, at + chunk));
  const enc = createEncryptStream(key, cipher);
  Readable.from(chunks).pipe(enc);
  return buffer(enc);
}
const fromMemory =
  (blob: Buffer, chunk = 5_000) =>
  (start: number, end: number) => {
    const part = blob.subarray(start, end + 1);
    const chunks = [];
    for (let at = 0; at < part.length; at += chunk) chunks.push(part.subarray(at, at + chunk));
    return Readable.from(chunks);
  };

describe("segment pool", () => {
  const size = 3 * BATCH_SEGMENTS * SEG + 1234; // three whole runs and a short final one
  const plain = randomBytes(size);

  it("seals in its threads what the event loop opens, and opens what the event loop sealed", async () => {
    const before = pool.completed;
    const inThreads = await seal(plain, pooled);
    expect(inThreads.length).toBe(ciphertextSize(size));
    const opened = await buffer(createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext: fromMemory(inThreads) }));
    expect(sha(opened)).toBe(sha(plain));

    const onLoop = await seal(plain, inlineCipher);
    const back = await buffer(
      createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext: fromMemory(onLoop), cipher: pooled }),
    );
    expect(sha(back)).toBe(sha(plain));
    // 4 runs sealed and 5 opened in the threads (a range's first segment is a run of its own).
    expect(pool.completed - before).toBe(9);
  });

  it("serves any range in order, through runs in flight at once", async () => {
    const blob = await seal(plain, inlineCipher);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: size - 1 }),
        fc.integer({ min: 0, max: size - 1 }),
        fc.integer({ min: 997, max: 300_000 }),
        async (a, b, chunk) => {
          const [start, end] = a <= b ? [a, b] : [b, a];
          const out = await buffer(
            decryptRange({ dataKey: key, plaintextSize: size, start, end, openCiphertext: fromMemory(blob, chunk), cipher: pooled }),
          );
          expect(out.equals(plain.subarray(start, end + 1))).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("hands on every verified segment before a damaged one, then fails", async () => {
    const blob = Buffer.from(await seal(plain, inlineCipher));
    const damaged = BATCH_SEGMENTS + 3; // inside the second run
    blob[HEADER_SIZE + damaged * (SEG + TAG_SIZE) + 10] ^= 1;
    const { data, error } = await drain(
      createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext: fromMemory(blob, 300_000), cipher: pooled }),
    );
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error?.message).toBe(`segment ${damaged} failed authentication`);
    expect(data.equals(plain.subarray(0, damaged * SEG))).toBe(true);
  });

  it("finds a wrong key, a cut and appended bytes in its threads", async () => {
    const blob = await seal(plain, pooled);
    const wrongKey = await drain(
      createDecryptStream({ dataKey: randomBytes(32), plaintextSize: size, openCiphertext: fromMemory(blob), cipher: pooled }),
    );
    expect(wrongKey.error).toBeInstanceOf(IntegrityError);
    expect(wrongKey.data.length).toBe(0);
    const cut = await drain(
      createDecryptStream({
        dataKey: key,
        plaintextSize: size,
        openCiphertext: fromMemory(blob.subarray(0, blob.length - 1)),
        cipher: pooled,
      }),
    );
    expect(cut.error).toBeInstanceOf(IntegrityError);
    const appended = Buffer.concat([blob, Buffer.from([0])]);
    const extra = await drain(
      createDecryptStream({ dataKey: key, plaintextSize: size, openCiphertext: fromMemory(appended), cipher: pooled }),
    );
    expect(extra.error).toBeInstanceOf(IntegrityError);
    expect(extra.error?.message).toBe("ciphertext has trailing bytes");
  });

  it("seals an empty file as one empty final segment", async () => {
    const blob = await seal(Buffer.alloc(0), pooled);
    expect(blob.length).toBe(HEADER_SIZE + TAG_SIZE);
    const out = await drain(
      decryptRange({ dataKey: key, plaintextSize: 0, start: 0, end: -1, openCiphertext: fromMemory(blob), cipher: pooled }),
    );
    expect(out).toEqual({ data: Buffer.alloc(0) });
  });

  it("moves a file's own reads to its threads and back, each a whole run, for any range", async () => {
    const blob = Buffer.from(await seal(plain, inlineCipher));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coffer-pool-"));
    const file = path.join(dir, "blob");
    fs.writeFileSync(file, blob);
    // As the local disk reads: one run per read, into memory of its own.
    const openCiphertext = (start: number, end: number) =>
      fs.createReadStream(file, { start, end, highWaterMark: BATCH_SEGMENTS * (SEG + TAG_SIZE) });
    const ranges: [number, number][] = [
      [0, size - 1],
      [0, 0],
      [5, BATCH_SEGMENTS * SEG],
      [BATCH_SEGMENTS * SEG - 1, size - 1],
      [size - 1, size - 1],
    ];
    for (const [start, end] of ranges) {
      const out = await buffer(
        decryptRange({ dataKey: key, plaintextSize: size, start, end, openCiphertext, cipher: pooled, sourceOwnsChunks: true }),
      );
      expect(out.equals(plain.subarray(start, end + 1))).toBe(true);
    }
    blob[HEADER_SIZE + 2 * BATCH_SEGMENTS * (SEG + TAG_SIZE) + 7] ^= 1; // the first segment of the third run
    fs.writeFileSync(file, blob);
    const damaged = await drain(
      decryptRange({ dataKey: key, plaintextSize: size, start: 0, end: size - 1, openCiphertext, cipher: pooled, sourceOwnsChunks: true }),
    );
    expect(damaged.error?.message).toBe(`segment ${2 * BATCH_SEGMENTS} failed authentication`);
    expect(damaged.data.equals(plain.subarray(0, 2 * BATCH_SEGMENTS * SEG))).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });

  it("runs its threads below the event loop's priority (nice 10)", async () => {
    await seal(randomBytes(2 * BATCH_SEGMENTS * SEG), pooled);
    const nice = (task: string) => Number(fs.readFileSync(`/proc/self/task/${task}/stat`, "utf8").split(") ")[1].split(" ")[16]);
    const niceness = fs.readdirSync("/proc/self/task").map((task) => [task, nice(task)] as const);
    expect(Object.fromEntries(niceness)[String(process.pid)]).toBe(0);
    // The pool's threads (the only ones made here that run JavaScript) are the ones at 10.
    expect(niceness.filter(([, value]) => value === 10).length).toBeGreaterThanOrEqual(1);
  });

  it("leaves the caller's buffers whole (each run crosses as a copy of its own)", async () => {
    const input = randomBytes(2 * BATCH_SEGMENTS * SEG + 5);
    const copy = Buffer.from(input);
    await seal(input, pooled, input.length);
    expect(input.equals(copy)).toBe(true);
    expect(input.buffer.byteLength).toBeGreaterThan(0);
  });
});

describe("a transfer's cipher", () => {
  beforeAll(() => {
    // The env module reads process.env once: a valid environment, with the default number of threads.
    process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
    process.env.STORAGE_MASTER_KEY = `k1:${randomBytes(32).toString("base64url")}`;
    process.env.DATABASE_URL = `file:${path.join(os.tmpdir(), "coffer-pool-test", "coffer.db")}`;
  });

  it("works on the event loop while its transfer is alone, and in the threads while others run", async () => {
    const plain = randomBytes(2 * BATCH_SEGMENTS * SEG + 9);
    const first = transferCipher();
    expect(first.usesThreads()).toBe(false);
    const alone = await seal(plain, first);
    const second = transferCipher();
    expect([first.usesThreads(), second.usesThreads()]).toEqual([true, true]);
    const together = await seal(plain, second);
    const opened = await buffer(
      createDecryptStream({ dataKey: key, plaintextSize: plain.length, openCiphertext: fromMemory(alone), cipher: first }),
    );
    expect(sha(opened)).toBe(sha(plain));
    second.release();
    second.release(); // a second release counts once
    expect(first.usesThreads()).toBe(false);
    const back = await buffer(
      createDecryptStream({ dataKey: key, plaintextSize: plain.length, openCiphertext: fromMemory(together), cipher: first }),
    );
    expect(sha(back)).toBe(sha(plain));
    first.release();
  });
});
