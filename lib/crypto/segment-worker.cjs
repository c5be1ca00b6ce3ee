// The worker threads of lib/crypto/segment-pool.ts: seal and open runs of segments off the event loop. Loaded by
// path at run time (a worker needs a file that exists as it is, docs/decisions/015 and 075).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS worker, loaded by path
const { move } = require("piscina");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the same cipher code the main thread runs
const { openSegments, sealSegments } = require("./segment-cipher.cjs");

const asBuffer = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// Below the event loop's priority (Linux: nice 10 for this thread alone), so that when the cores are all busy, pages,
// sign-ins and the first bytes of downloads go first and the transfers' cryptography takes the time left over.
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS worker
  const threadId = Number(/task\/(\d+)$/.exec(require("node:fs").readlinkSync("/proc/thread-self"))?.[1]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS worker
  if (threadId) require("node:os").setPriority(threadId, 10);
} catch {
  // Not Linux, or not allowed: the thread keeps the process's priority.
}

/**
 * @param {{ op: "seal", key: Uint8Array, header: Uint8Array, firstIndex: number, plain: Uint8Array, final: boolean }
 *   | { op: "open", key: Uint8Array, header: Uint8Array, firstIndex: number, finalIndex: number, sealed: Uint8Array }} task
 */
module.exports = function segmentTask(task) {
  const key = asBuffer(task.key);
  const header = asBuffer(task.header);
  try {
    if (task.op === "seal") return move(sealSegments(key, header, task.firstIndex, asBuffer(task.plain), task.final));
    if (task.op === "open") {
      // The run's memory came to this thread to stay: the plaintext goes back in it.
      const { plain, failedAt } = openSegments(key, header, task.firstIndex, task.finalIndex, asBuffer(task.sealed), true);
      // A damaged segment is rare: its verified part comes back copied, with the index that failed.
      return failedAt === null ? move(plain) : { plain: new Uint8Array(plain), failedAt };
    }
    throw new Error(`unknown segment task ${task.op}`);
  } finally {
    key.fill(0);
  }
};
