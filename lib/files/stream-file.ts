// Serves a stored file: single byte ranges, ETag, safe headers, and decryption of only the segments
// the range touches. The first segment is decrypted before any header is sent, so a damaged blob
// answers 500 instead of a truncated "success"; later damage aborts the transfer.
import "server-only";
import { Readable } from "node:stream";
import { create as contentDisposition } from "content-disposition";
import parseRange from "range-parser";
import { ciphertextSize, decryptRange } from "@/lib/crypto/segmented-stream";
import { unwrapFileKey } from "@/lib/crypto/key-ring";
import { blobStore } from "@/lib/storage";
import { logger } from "@/lib/logger";
import { HttpError } from "@/lib/http/errors";
import { CONTENT_LENGTH_HEADER } from "@/lib/http/content-length";
import { responseOutcome } from "@/lib/http/request-registry";

export type ServableFile = {
  id: string;
  name: string;
  size: bigint;
  mimeType: string;
  sha256: string;
  storageKey: string;
  wrappedKey: string;
  masterKeyId: string;
};

export type TransferEvents = {
  /** Called once when the last byte of the response has been handed to the client. */
  onComplete?: () => void | Promise<void>;
  /** Called once when the transfer ends without its last byte: client gone or integrity failure. */
  onAbort?: () => void | Promise<void>;
};

export function fileHeaders(file: ServableFile, extra: Record<string, string> = {}): Headers {
  return new Headers({
    "Content-Type": file.mimeType,
    "Content-Disposition": contentDisposition(file.name, { type: "attachment" }),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
    // no-transform also keeps the server from compressing the bytes (and breaking Content-Length).
    "Cache-Control": "private, no-store, no-transform",
    "Accept-Ranges": "bytes",
    ETag: `"${file.sha256.slice(0, 32)}"`,
    ...extra,
  });
}

function requestedRange(request: Request, size: number, etag: string): { start: number; end: number } | "unsatisfiable" | null {
  const header = request.headers.get("range");
  if (!header) return null;
  const ifRange = request.headers.get("if-range");
  if (ifRange && ifRange !== etag) return null;
  // RFC 9110 §14.1.2: a suffix longer than the file selects all of it (range-parser calls it unsatisfiable).
  const suffix = /^bytes=-(\d+)$/i.exec(header.trim());
  if (suffix && size > 0 && Number(suffix[1]) > size) return { start: 0, end: size - 1 };
  const ranges = parseRange(size, header, { combine: true });
  if (ranges === -1) return "unsatisfiable";
  // Malformed headers and multiple ranges are answered with the whole file, as RFC 9110 allows.
  if (ranges === -2 || ranges.type !== "bytes" || ranges.length !== 1) return null;
  return ranges[0];
}

export async function streamFile(request: Request, file: ServableFile, opts: TransferEvents & { headers?: Record<string, string> } = {}) {
  const size = Number(file.size);
  const headers = fileHeaders(file, opts.headers);
  // Exactly one of onComplete and onAbort runs for a transfer, once.
  let settled = false;
  const settle = (hook: (() => void | Promise<void>) | undefined, label: string) => {
    if (settled) return;
    settled = true;
    void Promise.resolve(hook?.()).catch((error) => logger.error({ err: error }, `${label} hook failed`));
  };
  const range = requestedRange(request, size, headers.get("ETag")!);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    headers.delete("Content-Type");
    // Nothing is transferred: a download slot claimed for this request goes back.
    settle(opts.onAbort, "abort");
    return new Response(null, { status: 416, headers });
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const status = range ? 206 : 200;
  headers.set("Content-Length", String(end - start + 1));
  headers.set(CONTENT_LENGTH_HEADER, String(end - start + 1));
  if (range) headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
  if (request.method === "HEAD") return new Response(null, { status, headers });

  try {
    const { plaintext, first } = await openPlaintext(request, file, start, end);
    const outcome = responseOutcome(request);
    const body = transferBody({ plaintext, first, expected: end - start + 1, fileId: file.id, settle, opts, outcome });
    return new Response(body, { status, headers });
  } catch (error) {
    settle(opts.onAbort, "abort");
    throw error;
  }
}

async function openPlaintext(request: Request, file: ServableFile, start: number, end: number) {
  const size = Number(file.size);
  const store = blobStore();
  const stored = await store.size(file.storageKey);
  if (stored !== ciphertextSize(size)) {
    logger.error({ fileId: file.id, expected: ciphertextSize(size), stored }, "blob missing or wrong size");
    throw new HttpError(500, "This file cannot be read right now.");
  }
  const plaintext = decryptRange({
    dataKey: unwrapFileKey(file),
    plaintextSize: size,
    start,
    end,
    openCiphertext: (from, to) => store.openRange(file.storageKey, from, to),
  });
  // Decryption runs ahead of the reads; an error while no read waits is picked up by the next one (stream.errored).
  plaintext.on("error", () => undefined);
  request.signal?.addEventListener("abort", () => plaintext.destroy(), { once: true });
  const first = await nextChunk(plaintext).catch((error: Error) => {
    plaintext.destroy();
    logger.error({ fileId: file.id, err: { name: error.name, message: error.message } }, "file failed integrity check");
    throw new HttpError(500, "This file failed its integrity check and cannot be downloaded.");
  });
  return { plaintext, first };
}

function transferBody(args: {
  plaintext: Readable;
  first: Buffer | null;
  expected: number;
  fileId: string;
  settle: (hook: (() => void | Promise<void>) | undefined, label: string) => void;
  opts: TransferEvents;
  outcome: Promise<boolean> | null;
}): ReadableStream<Uint8Array> {
  const { plaintext, expected, settle, opts } = args;
  let delivered = args.first?.length ?? 0;
  let done = false;
  const end = (outcome: "complete" | "abort") => {
    if (done) return;
    done = true;
    plaintext.destroy();
    if (outcome === "abort") return settle(opts.onAbort, "abort");
    // The stream has ended; the transfer is complete once the server has flushed it to the client.
    if (!args.outcome) return settle(opts.onComplete, "completion");
    void args.outcome.then((flushed) => settle(flushed ? opts.onComplete : opts.onAbort, flushed ? "completion" : "abort"));
  };
  const finish = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    controller.close();
    end(delivered === expected ? "complete" : "abort");
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // Buffers are Uint8Arrays already, and nothing reuses them: no copy.
      if (args.first) controller.enqueue(args.first);
      if (delivered === expected) finish(controller);
    },
    async pull(controller) {
      if (done) return;
      let chunk: Buffer | null;
      try {
        chunk = await nextChunk(plaintext);
      } catch (error) {
        logger.error({ fileId: args.fileId, err: { name: (error as Error).name, message: (error as Error).message } }, "transfer failed");
        controller.error(error);
        return end("abort");
      }
      if (chunk === null) return finish(controller);
      delivered += chunk.length;
      controller.enqueue(chunk);
      if (delivered === expected) finish(controller);
    },
    cancel() {
      end("abort");
    },
  });
}

// Reads one chunk at a time so the ReadableStream's pull drives the pace (backpressure).
function nextChunk(stream: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null) return resolve(chunk);
    if (stream.readableEnded) return resolve(null);
    // A stream that failed between two reads emits nothing more: waiting for an event would stall forever.
    if (stream.destroyed) return reject(stream.errored ?? new Error("stream closed"));
    const cleanup = () => {
      stream.off("readable", onReadable);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.off("close", onClose);
    };
    const onReadable = () => {
      const next = stream.read() as Buffer | null;
      if (next !== null) {
        cleanup();
        resolve(next);
      }
    };
    const onEnd = () => (cleanup(), resolve(null));
    const onError = (error: Error) => (cleanup(), reject(error));
    const onClose = () => (cleanup(), stream.readableEnded ? resolve(null) : reject(stream.errored ?? new Error("stream closed")));
    stream.on("readable", onReadable);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
}
