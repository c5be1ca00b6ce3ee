// The AES-256-GCM of transfers, off the event loop: worker threads (lib/crypto/segment-worker.cjs, piscina) seal and
// open runs of up to 16 segments, so that pages, sign-ins and the first bytes of other downloads never wait behind
// another transfer's cryptography, and a node uses every core (docs/decisions/075). Each run crosses to its thread
// and back without a copy beyond the one that gives it memory of its own. TRANSFER_CRYPTO_THREADS=0 keeps the work
// on the event loop.
import "server-only";
import path from "node:path";
import { Piscina } from "piscina";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-state";
import { inlineCipher, type SegmentCipher } from "./segmented-stream";

type Opened = Uint8Array | { plain: Uint8Array; failedAt: number };

/** A copy in memory of its own, so that it can be moved to the thread (a view could share its memory with others). */
function movable(bytes: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return copy;
}
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export function createSegmentPool(threads: number): Piscina {
  return new Piscina({
    // Resolved at run time from the app's folder: the worker must be a real file, not part of a bundle.
    filename: path.join(process.cwd(), "lib", "crypto", "segment-worker.cjs"),
    // All start together on the first use (the first time two transfers overlap) and stay: a pool of the process, like
    // its database connections, not something a transfer leaves behind.
    minThreads: threads,
    maxThreads: threads,
  });
}

/** A cipher whose work runs in the pool's threads, in the order each stream asks (each awaits its own runs). */
export function poolCipher(pool: Piscina): SegmentCipher {
  return {
    async seal(key, header, firstIndex, plain, final, owned) {
      const input = owned ? plain : movable(plain);
      const task = { op: "seal", key: new Uint8Array(key), header: new Uint8Array(header), firstIndex, plain: input, final };
      return asBuffer((await pool.run(task, { transferList: [input.buffer as ArrayBuffer] })) as Uint8Array);
    },
    async open(key, header, firstIndex, finalIndex, sealed, owned) {
      const input = owned ? sealed : movable(sealed);
      const task = { op: "open", key: new Uint8Array(key), header: new Uint8Array(header), firstIndex, finalIndex, sealed: input };
      const opened = (await pool.run(task, { transferList: [input.buffer as ArrayBuffer] })) as Opened;
      return opened instanceof Uint8Array
        ? { plain: asBuffer(opened), failedAt: null }
        : { plain: asBuffer(opened.plain), failedAt: opened.failedAt };
    },
  };
}

/** A transfer's cipher: `release` when the transfer is over (it counts the transfers under way). */
export type TransferCipher = SegmentCipher & { release(): void; usesThreads(): boolean };

/**
 * The cipher of one upload or download. While it is the only transfer on this process, its runs are sealed and
 * opened on the event loop, which is cheaper alone (no hand-off, no new memory per run); while others are under way,
 * each run goes to the threads, so that the loop stays free for pages and first bytes. TRANSFER_CRYPTO_THREADS=0:
 * always the event loop.
 */
export function transferCipher(): TransferCipher {
  const threads = env().TRANSFER_CRYPTO_THREADS;
  if (threads === 0) return { ...inlineCipher, release: () => undefined, usesThreads: () => false };
  const pooled = processSingleton(
    "segment-workers",
    { kind: "pool", why: "worker threads seal and open file segments for this process" },
    () => poolCipher(createSegmentPool(threads)),
  );
  const running = processSingleton(
    "transfer-ciphers",
    { kind: "per-request", why: "counts the uploads and downloads under way on this process, to send their runs to the threads" },
    () => ({ count: 0 }),
  );
  running.count++;
  let released = false;
  const usesThreads = () => running.count > 1;
  const pick = () => (usesThreads() ? pooled : inlineCipher);
  return {
    usesThreads,
    seal: (...args) => pick().seal(...args),
    open: (...args) => pick().open(...args),
    release() {
      if (released) return;
      released = true;
      running.count--;
    },
  };
}
