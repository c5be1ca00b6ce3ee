// The storage port's contract, run against every driver: the local disk and an S3 bucket (the S3 test server,
// s3rver with S3's rules: scripts/s3-test-server.mjs). What Coffer relies on from a store is here, once; a test
// that only one driver can fail lives with that driver (tests/unit/storage/part-plan.test.ts).
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import {
  ciphertextSize,
  decryptRange,
  HEADER_SIZE,
  IntegrityError,
  SEALED_SEGMENT_SIZE,
  SEGMENT_SIZE,
  SegmentSealer,
} from "@/lib/crypto/segmented-stream";
import { parseEnv } from "@/lib/env";
import { createBlobStore, type BlobSpace, type BlobStore, type StoreName } from "@/lib/storage";
import { s3StorageSettings, startS3TestServer, type S3TestServer } from "../../../scripts/throwaway-server.mjs";

const MiB = 1024 * 1024;
const root = path.resolve(__dirname, "../../..");
const dataKey = randomBytes(32);

let s3: S3TestServer;
let scratch: string;
beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(process.env.COFFER_TEST_RUN_DIR ?? os.tmpdir(), "coffer-contract-"));
  s3 = await startS3TestServer({ root, directory: path.join(scratch, "s3") });
  await s3.ready;
});
afterAll(async () => {
  await s3?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function makeStore(driver: StoreName, at: { endpoint?: string; bucket?: string } = {}): BlobStore {
  const settings = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    STORAGE_MASTER_KEY: `k1:${randomBytes(32).toString("base64url")}`,
    STORAGE_DIR: path.join(scratch, `local-${randomBytes(4).toString("hex")}`),
    // A prefix with the characters other apps mangle: spaces, a plus, nested folders.
    ...(driver === "s3"
      ? s3StorageSettings({ endpoint: at.endpoint ?? s3.endpoint, bucket: at.bucket, prefix: `contract ${randomBytes(3).toString("hex")}/a b+c/` })
      : {}),
  };
  return createBlobStore(driver, parseEnv(settings));
}

let counter = 0;
const newName = () => `blob${Date.now().toString(36)}${(counter++).toString(36).padStart(4, "0")}xyz`;

/** Seals `plain` and writes it as Coffer's uploads do: batches of about a MiB, each of whole segments. */
async function writeSealed(space: BlobSpace, name: string, plain: Buffer, opts: { maxBytes?: number; commit?: boolean } = {}) {
  const writer = await space.createWriter(name, { maxBytes: opts.maxBytes ?? ciphertextSize(plain.length) });
  const sealer = new SegmentSealer(dataKey);
  // The sealer answers whole runs of segments (about a MiB each): each is one write, as uploads do.
  for (let at = 0; at < plain.length; at += SEGMENT_SIZE) {
    const sealed = await sealer.write(plain.subarray(at, at + SEGMENT_SIZE));
    if (sealed.length) await writer.write(sealed);
  }
  await writer.write(await sealer.end());
  if (opts.commit !== false) await writer.commit();
  return writer;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function stored(space: BlobSpace, name: string, start = 0, end = Number.MAX_SAFE_INTEGER - 1): Promise<Buffer> {
  const opened = await space.read(name, { start, end });
  if (!opened) throw new Error(`no blob ${name}`);
  return readAll(opened.body);
}

function decrypt(space: BlobSpace, name: string, size: number, start: number, end: number): Promise<Buffer> {
  return readAll(
    decryptRange({
      dataKey,
      plaintextSize: size,
      start,
      end,
      openCiphertext: async (from, to) => {
        const opened = await space.read(name, { start: from, end: to, chunkBytes: 16 * SEALED_SEGMENT_SIZE });
        if (!opened) throw new Error("missing");
        return opened.body;
      },
    }),
  );
}

const names = async (iterable: AsyncIterable<{ name: string | null }>) => {
  const all: (string | null)[] = [];
  for await (const item of iterable) all.push(item.name);
  return all.sort();
};
const soon = () => new Date(Date.now() + 60_000);

describe.each<StoreName>(["local", "s3"])("blob store contract: %s", (driver) => {
  let store: BlobStore;
  beforeAll(async () => {
    store = makeStore(driver);
    await store.check();
  });

  it("names itself and declares what it can do", async () => {
    expect(store.name).toBe(driver);
    const free = await store.freeBytes();
    if (store.capabilities.freeSpace) expect(free).toBeGreaterThan(0);
    else expect(free).toBeNull();
    if (driver === "s3") expect(store.capabilities).toMatchObject({ minPartBytes: 5 * MiB, maxParts: 10_000 });
  });

  it("yields chunks over memory of their own when it says it does (a reader may move them to a thread)", async () => {
    const name = `own-chunks-${driver}`;
    await writeSealed(store.files, name, randomBytes(3 * MiB + 5));
    const opened = await store.files.read(name, { start: 0, end: 3 * MiB, chunkBytes: MiB });
    const chunks: Buffer[] = [];
    for await (const chunk of opened!.body) chunks.push(chunk as Buffer);
    expect(chunks.length).toBeGreaterThan(1);
    const own = chunks.every((chunk) => chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength);
    if (store.capabilities.readsOwnChunks) expect(own).toBe(true);
    expect(store.capabilities.readsOwnChunks).toBe(driver === "local");
    await store.files.remove(name);
  });

  it.each([
    ["0 bytes", 0],
    ["1 byte", 1],
    ["64 KiB - 1", SEGMENT_SIZE - 1],
    ["64 KiB", SEGMENT_SIZE],
    ["64 KiB + 1", SEGMENT_SIZE + 1],
    ["5 MiB - 1", 5 * MiB - 1],
    ["5 MiB", 5 * MiB],
    ["5 MiB + 1", 5 * MiB + 1],
    ["several parts", 17 * MiB + 3],
  ])("round-trips %s, byte for byte", async (_label, size) => {
    const plain = randomBytes(size);
    const name = newName();
    await writeSealed(store.files, name, plain);
    expect(await store.files.size(name)).toBe(ciphertextSize(size));
    const opened = await store.files.read(name, { start: 0, end: 11 });
    expect(opened?.size).toBe(ciphertextSize(size));
    expect((await readAll(opened!.body)).length).toBe(Math.min(12, ciphertextSize(size)));
    const back = size === 0 ? await decrypt(store.files, name, 0, 0, -1) : await decrypt(store.files, name, size, 0, size - 1);
    expect(back.equals(plain)).toBe(true);
    expect(await names(store.files.listIncompleteWrites(soon()))).toEqual([]);
  });

  describe("ranges", () => {
    const size = 17 * MiB + 3;
    const plain = randomBytes(size);
    const name = newName();
    let blob: Buffer;
    beforeAll(async () => {
      await writeSealed(store.files, name, plain);
      blob = await stored(store.files, name);
    });
    // Parts on S3 end where a write ended: the first write boundary past 5 MiB of stored bytes.
    const partEdge = 5 * MiB;
    it.each([
      ["the first byte", 0, 0],
      ["the last byte", size - 1, size - 1],
      ["across a segment boundary", SEGMENT_SIZE - 1, SEGMENT_SIZE],
      ["one whole segment", SEGMENT_SIZE, 2 * SEGMENT_SIZE - 1],
      ["across the first part boundary", partEdge - 70_000, partEdge + 70_000],
      ["across two part boundaries", 4 * MiB, 11 * MiB],
      ["the last segment", Math.floor((size - 1) / SEGMENT_SIZE) * SEGMENT_SIZE, size - 1],
    ])("decrypts %s", async (_label, start, end) => {
      expect((await decrypt(store.files, name, size, start, end)).equals(plain.subarray(start, end + 1))).toBe(true);
    });

    it("reads stored bytes exactly, with the blob's size, and a range past the end reads to the end", async () => {
      for (const [start, end] of [
        [0, 11],
        [HEADER_SIZE, HEADER_SIZE + SEALED_SEGMENT_SIZE - 1],
        [5 * MiB - 100, 5 * MiB + 100],
        [blob.length - 10, blob.length + 5],
      ]) {
        const opened = await store.files.read(name, { start, end });
        expect(opened?.size).toBe(blob.length);
        expect((await readAll(opened!.body)).equals(blob.subarray(start, Math.min(end, blob.length - 1) + 1))).toBe(true);
      }
    });
  });

  describe("tampering", () => {
    const size = 3 * SEGMENT_SIZE + 10;
    const plain = randomBytes(size);
    let name: string;
    let blob: Buffer;
    beforeEach(async () => {
      name = newName();
      await writeSealed(store.files, name, plain);
      blob = await stored(store.files, name);
    });
    const replaceWith = async (bytes: Buffer) => {
      const writer = await store.files.createWriter(name, { maxBytes: bytes.length });
      await writer.write([bytes]);
      await writer.commit();
    };
    const failure = (start: number, end: number) => decrypt(store.files, name, size, start, end).then(() => null, (error: Error) => error);

    it("a flipped byte in a segment is detected", async () => {
      const damaged = Buffer.from(blob);
      damaged[HEADER_SIZE + SEALED_SEGMENT_SIZE + 5] ^= 1;
      await replaceWith(damaged);
      expect(await failure(0, size - 1)).toBeInstanceOf(IntegrityError);
      expect(await failure(SEGMENT_SIZE, SEGMENT_SIZE + 1)).toBeInstanceOf(IntegrityError);
      // Segments before the damage still decrypt: only what was proven authentic comes out.
      expect((await decrypt(store.files, name, size, 0, SEGMENT_SIZE - 1)).equals(plain.subarray(0, SEGMENT_SIZE))).toBe(true);
    });

    it("a truncated or extended blob is detected", async () => {
      await replaceWith(blob.subarray(0, blob.length - 1));
      expect(await failure(0, size - 1)).toBeInstanceOf(IntegrityError);
      await replaceWith(Buffer.concat([blob, Buffer.from([0])]));
      expect(await failure(size - 5, size - 1)).toBeInstanceOf(IntegrityError);
    });

    it("swapped segments are detected", async () => {
      const swapped = Buffer.from(blob);
      const a = HEADER_SIZE;
      const b = HEADER_SIZE + SEALED_SEGMENT_SIZE;
      blob.copy(swapped, a, b, b + SEALED_SEGMENT_SIZE);
      blob.copy(swapped, b, a, a + SEALED_SEGMENT_SIZE);
      await replaceWith(swapped);
      expect(await failure(0, 10)).toBeInstanceOf(IntegrityError);
    });
  });

  it("a commit replaces the blob of the same name as a whole", async () => {
    const name = newName();
    await writeSealed(store.files, name, randomBytes(6 * MiB));
    const second = randomBytes(1000);
    await writeSealed(store.files, name, second);
    expect((await decrypt(store.files, name, 1000, 0, 999)).equals(second)).toBe(true);
  });

  it("nothing is visible before commit; an abort leaves no blob and no incomplete write", async () => {
    const name = newName();
    const writer = await writeSealed(store.files, name, randomBytes(12 * MiB), { maxBytes: ciphertextSize(20 * MiB), commit: false });
    expect(await store.files.read(name, { start: 0, end: 10 })).toBeNull();
    expect(await names(store.files.list())).not.toContain(name);
    expect(await names(store.files.listIncompleteWrites(soon()))).toContain(name);
    await writer.abort();
    await writer.abort(); // twice is harmless
    expect(await store.files.size(name)).toBeNull();
    expect(await names(store.files.listIncompleteWrites(soon()))).not.toContain(name);
  });

  it("an abort after commit removes the blob", async () => {
    const name = newName();
    const writer = await writeSealed(store.files, name, randomBytes(100));
    await writer.abort();
    expect(await store.files.size(name)).toBeNull();
  });

  it("a crashed write is listed as incomplete once older than asked, and its removal leaves nothing", async () => {
    const name = newName();
    const begun = new Date(Date.now() - 2_000);
    // Written and never finished: the writer is simply dropped, as by a process that died.
    const writer = await writeSealed(store.files, name, randomBytes(11 * MiB), { maxBytes: ciphertextSize(20 * MiB), commit: false });
    const durable = await writer.checkpoint();
    expect(await names(store.files.listIncompleteWrites(begun))).not.toContain(name);
    const listed = [];
    for await (const write of store.files.listIncompleteWrites(soon())) if (write.name === name) listed.push(write);
    expect(listed).toHaveLength(1);
    expect(listed[0].since.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
    // Checkpoints hold whole segments: the header and a whole number of sealed segments.
    expect(durable).toBeGreaterThan(0);
    expect((durable - HEADER_SIZE) % SEALED_SEGMENT_SIZE).toBe(0);
    await store.files.removeIncompleteWrite(listed[0]);
    expect(await names(store.files.listIncompleteWrites(soon()))).not.toContain(name);
    expect(await store.files.size(name)).toBeNull();
  });

  describe("resumable writes", () => {
    /** Seals `plain[from..to)` as segments `from / SEGMENT_SIZE`… under `header`, as one request of a resumable upload. */
    async function writeRange(writer: { write(b: Buffer[]): Promise<void> }, header: Buffer, plain: Buffer, from: number, to: number) {
      const sealer = new SegmentSealer(dataKey, undefined, { header, index: from / SEGMENT_SIZE });
      for (let at = from; at < to; at += 100_000) {
        const sealed = await sealer.write(plain.subarray(at, Math.min(to, at + 100_000)));
        if (sealed.length) await writer.write(sealed);
      }
      return to === plain.length ? sealer.end() : sealer.sealWhole();
    }

    it("goes on across writers, each resumed from the last one's suspended state, and commits one blob", async () => {
      const name = newName();
      const plain = randomBytes(13 * MiB + 4321);
      const maxBytes = ciphertextSize(plain.length);
      const header = new SegmentSealer(dataKey).header;
      // Requests that end mid-segment (the rest dropped), short of a part, and past one.
      const cuts = [0, 2 * MiB, 9 * MiB, plain.length];
      let from = null;
      for (let i = 0; i < cuts.length - 1; i++) {
        const writer = await store.files.resumeWriter(name, { maxBytes, from });
        const end = i === cuts.length - 2 ? plain.length : cuts[i + 1] + 1000;
        const rest = await writeRange(writer, header, plain, cuts[i], end);
        await writer.write(rest);
        if (end === plain.length) {
          await writer.commit();
          break;
        }
        from = await writer.suspend();
        // Only whole segments: the bytes end where the segments before cuts[i + 1] end.
        expect(from.bytes).toBe(HEADER_SIZE + (cuts[i + 1] / SEGMENT_SIZE) * SEALED_SEGMENT_SIZE);
        expect(await store.files.size(name)).toBeNull();
        expect(await names(store.files.listIncompleteWrites(soon()))).toContain(name);
      }
      expect(await store.files.size(name)).toBe(maxBytes);
      expect((await decrypt(store.files, name, plain.length, 0, plain.length - 1)).equals(plain)).toBe(true);
      expect(await names(store.files.listIncompleteWrites(soon()))).not.toContain(name);
    });

    it("a resume drops what was written after the state it resumes from (a writer that died before it suspended)", async () => {
      const name = newName();
      const plain = randomBytes(8 * MiB);
      const maxBytes = ciphertextSize(plain.length);
      const header = new SegmentSealer(dataKey).header;
      const first = await store.files.resumeWriter(name, { maxBytes, from: null });
      await first.write(await writeRange(first, header, plain, 0, 3 * MiB));
      const suspended = await first.suspend();
      // A second writer goes past it and dies without suspending: its state was never recorded.
      const dying = await store.files.resumeWriter(name, { maxBytes, from: suspended });
      await dying.write(await writeRange(dying, header, plain, 3 * MiB, 7 * MiB));
      await dying.checkpoint();
      const last = await store.files.resumeWriter(name, { maxBytes, from: suspended });
      await last.write(await writeRange(last, header, plain, 3 * MiB, plain.length));
      await last.commit();
      expect((await decrypt(store.files, name, plain.length, 0, plain.length - 1)).equals(plain)).toBe(true);
    });

    it("its checkpoint state resumes too, and its abort removes everything any writer of it left", async () => {
      const name = newName();
      const plain = randomBytes(12 * MiB);
      const maxBytes = ciphertextSize(plain.length);
      const header = new SegmentSealer(dataKey).header;
      const writer = await store.files.resumeWriter(name, { maxBytes, from: null });
      await writer.write(await writeRange(writer, header, plain, 0, 2 * MiB));
      const suspended = await writer.suspend();
      const next = await store.files.resumeWriter(name, { maxBytes, from: suspended });
      await next.write(await writeRange(next, header, plain, 2 * MiB, 11 * MiB));
      // Its parts in flight land first (s3rver, unlike S3, takes a part of an upload aborted meanwhile).
      await next.checkpoint();
      const checkpoint = await next.checkpointState();
      expect(checkpoint.bytes).toBeGreaterThanOrEqual(suspended.bytes);
      expect((checkpoint.bytes - HEADER_SIZE) % SEALED_SEGMENT_SIZE).toBe(0);
      const resumed = await store.files.resumeWriter(name, { maxBytes, from: checkpoint });
      const at = ((checkpoint.bytes - HEADER_SIZE) / SEALED_SEGMENT_SIZE) * SEGMENT_SIZE;
      await resumed.write(await writeRange(resumed, header, plain, at, 11 * MiB));
      const again = await resumed.suspend();
      const remover = await store.files.resumeWriter(name, { maxBytes, from: again });
      await remover.abort();
      expect(await store.files.size(name)).toBeNull();
      expect(await names(store.files.listIncompleteWrites(soon()))).not.toContain(name);
    });

    it("refuses a state that is not one of this blob's", async () => {
      const name = newName();
      const writer = await store.files.resumeWriter(name, { maxBytes: 1000, from: null });
      const suspended = await writer.suspend();
      await expect(store.files.resumeWriter(newName(), { maxBytes: 1000, from: suspended })).rejects.toThrow();
      await expect(store.files.resumeWriter(name, { maxBytes: 1000, from: { state: "../../etc/passwd", bytes: 0 } })).rejects.toThrow();
      await (await store.files.resumeWriter(name, { maxBytes: 1000, from: suspended })).abort();
    });
  });

  it("delete removes the blob; deleting what is not there is no error", async () => {
    const name = newName();
    await writeSealed(store.files, name, randomBytes(5000));
    expect(await names(store.files.list())).toContain(name);
    await store.files.remove(name);
    expect(await store.files.read(name, { start: 0, end: 10 })).toBeNull();
    expect(await store.files.size(name)).toBeNull();
    expect(await names(store.files.list())).not.toContain(name);
    await store.files.remove(name);
  });

  it("lists committed blobs with their sizes", async () => {
    const name = newName();
    await writeSealed(store.files, name, randomBytes(70_000));
    const found = [];
    for await (const blob of store.files.list()) if (blob.name === name) found.push(blob);
    expect(found.map((blob) => [blob.name, blob.size])).toEqual([[name, ciphertextSize(70_000)]]);
    expect(Math.abs(found[0].modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("previews are a namespace of the same store: stored, listed and removed apart from files", async () => {
    const name = `c${newName()}-thumbnail`;
    await writeSealed(store.previews, name, randomBytes(3000));
    expect(await names(store.previews.list())).toContain(name);
    expect(await names(store.files.list())).not.toContain(name);
    expect(await store.files.size(name)).toBeNull();
    await store.files.remove(name);
    expect(await store.previews.size(name)).toBe(ciphertextSize(3000));
    await store.previews.remove(name);
    expect(await names(store.previews.list())).not.toContain(name);
  });

  it("refuses names Coffer does not make", async () => {
    await expect(store.files.createWriter("../escape", { maxBytes: 10 })).rejects.toThrow("invalid blob name");
    await expect(store.files.read("a/b", { start: 0, end: 1 })).rejects.toThrow("invalid blob name");
  });

  it("answers a ping while it is there, and fails one when it is gone or silent, within the ping's deadline", async () => {
    await store.ping();
    await store.ping(AbortSignal.timeout(2_000));
    if (driver === "local") {
      // The folder removed (a disk unmounted, a volume gone): what a restart would refuse.
      const gone = makeStore("local");
      await expect(gone.ping()).rejects.toThrow();
      return;
    }
    await expect(makeStore("s3", { bucket: `missing-${randomBytes(4).toString("hex")}` }).ping()).rejects.toThrow();
    // Nobody listening at the endpoint.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(makeStore("s3", { endpoint: `http://127.0.0.1:${closedPort}` }).ping(AbortSignal.timeout(2_000))).rejects.toThrow();
    // An endpoint that takes the connection and never answers: the signal ends the ping.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const started = Date.now();
      const silentStore = makeStore("s3", { endpoint: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}` });
      await expect(silentStore.ping(AbortSignal.timeout(500))).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      silent.close();
      for (const socket of sockets) socket.destroy();
    }
  });
});
