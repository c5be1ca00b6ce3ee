// The body of a download. Behind server.ts (always, in Coffer) the decrypted bytes go straight from the
// decrypting Node stream into Node's response, with its own backpressure; the Response that Next.js pipes
// carries no bytes, it only stays open until they are all written (docs/decisions/013). Without server.ts
// the bytes go through the web stream, pulled one chunk per demand. Either way the transfer counts what it
// handed on, can be stopped from outside (the connection closed, the file was deleted, access was
// withdrawn), which releases the blob's file descriptor at once, and stops itself when the client stops
// reading.
import type { ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { logger } from "@/lib/logger";
import { nextChunk } from "@/lib/streams/next-chunk";

/** Bytes a client must take within the idle time for the transfer to count as moving. */
const MIN_PROGRESS_BYTES = 16 * 1024;

export type TransferBody = {
  body: ReadableStream<Uint8Array>;
  /** Plaintext bytes handed to the response so far. */
  delivered(): number;
  /** Ends the transfer: no more bytes; the source is destroyed and the response fails. */
  stop(reason: string): void;
};

type Outcome = "complete" | "failed" | "cancelled";

export function transferBody(opts: {
  plaintext: Readable;
  first: Buffer | null;
  expected: number;
  fileId: string;
  /** Node's response, to write to directly; null to go through the web stream. */
  direct: ServerResponse | null;
  /** A client that takes less than 16 KiB in this time is let go. */
  idleMs: number;
  /** Called when the transfer is stopped from outside or by the idle watchdog (not when the reader cancels). */
  onStopped?: () => void;
  /** Called once when the stream itself ends: every byte handed on, a read failed, the reader cancelled, or stopped. */
  onEnd?: (outcome: Outcome, delivered: number) => void;
}): TransferBody {
  const { plaintext, expected } = opts;
  let delivered = 0;
  let ended = false;
  let waitingOnUs = false;
  let pumping = false;
  let first = opts.first;
  /** Direct writes Node has not yet handed to the operating system, and whether to cut the connection after them. */
  let unflushedWrites = 0;
  let cutWhenFlushed = false;
  let movedAt = Date.now();
  let moved = 0;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;

  const counted = (bytes: number) => {
    delivered += bytes;
    moved += bytes;
    if (moved >= MIN_PROGRESS_BYTES) {
      moved = 0;
      movedAt = Date.now();
    }
  };
  const end = (outcome: Outcome) => {
    if (ended) return;
    ended = true;
    clearInterval(watchdog);
    plaintext.destroy();
    opts.onEnd?.(outcome, delivered);
  };
  const stop = (reason: string) => {
    if (ended) return;
    try {
      controllerRef?.error(new Error(reason));
    } catch {
      // already closed
    }
    end("cancelled");
    opts.onStopped?.();
  };
  const failed = (error: Error) => {
    if (ended) return; // stopped from outside while a read waited
    logger.error({ fileId: opts.fileId, err: { name: error.name, message: error.message } }, "transfer failed");
    end("failed");
    if (opts.direct) {
      // The verified bytes already written still go out; then the connection is cut, short of Content-Length.
      cutWhenFlushed = true;
      if (unflushedWrites === 0) opts.direct.destroy();
      return;
    }
    try {
      controllerRef?.error(error);
    } catch {
      // already closed
    }
    opts.onStopped?.();
  };
  // Waiting on Coffer's own reads (disk, decryption) does not count against the client.
  const watchdog = setInterval(
    () => {
      if (waitingOnUs) movedAt = Date.now();
      else if (Date.now() - movedAt > opts.idleMs) stop("the client stopped reading");
    },
    Math.min(1_000, opts.idleMs / 2),
  );
  watchdog.unref();

  const finish = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    controller.close();
    end(delivered === expected ? "complete" : "failed");
  };

  /** Writes straight into Node's response; the web stream closes when the last byte is written. */
  const pumpDirect = (response: ServerResponse, controller: ReadableStreamDefaultController<Uint8Array>) => {
    // The segments of one read arrive together: corked, they leave in one system call.
    let corked = false;
    // A byte counts as delivered once the operating system took it: a client that left before the first
    // write never gets its writes' callbacks, so its download spends nothing.
    const write = (chunk: Buffer) => {
      if (!corked) {
        corked = true;
        response.cork();
        process.nextTick(() => {
          corked = false;
          response.uncork();
        });
      }
      unflushedWrites++;
      return response.write(chunk, (error) => {
        unflushedWrites--;
        if (!error) counted(chunk.length);
        if (cutWhenFlushed && unflushedWrites === 0) response.destroy();
      });
    };
    // The client left before the first byte (Node ends the socket when the client's FIN arrives).
    if (response.destroyed || response.socket?.writable === false) return end("cancelled");
    if (first) write(first);
    if ((first?.length ?? 0) === expected) return finish(controller);
    first = null;
    // The decryption may have failed right after the first chunk (a damaged segment read with it).
    if (plaintext.destroyed) return failed(plaintext.errored ?? new Error("the file's stream closed"));
    plaintext.on("data", (chunk: Buffer) => {
      if (ended) return;
      if (!write(chunk)) {
        plaintext.pause();
        waitingOnUs = false;
        response.once("drain", () => {
          if (ended) return;
          waitingOnUs = true;
          plaintext.resume();
        });
      }
    });
    plaintext.once("end", () => {
      if (!ended) finish(controller);
    });
    plaintext.once("error", failed);
    waitingOnUs = true;
  };

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controllerRef = controller;
        if (!opts.direct && expected === 0) finish(controller);
      },
      async pull(controller) {
        if (ended) return;
        // Next.js asks for the first chunk once it has set the status and headers: the direct writes start now.
        if (opts.direct) {
          if (!pumping) {
            pumping = true;
            pumpDirect(opts.direct, controller);
          }
          return new Promise<void>(() => undefined); // no chunk ever comes through here
        }
        // The first chunk, read before the headers were chosen, goes out on the first demand: a response that
        // closed before Next.js asked for a byte counts nothing as delivered.
        let chunk: Buffer | null = first;
        first = null;
        waitingOnUs = true;
        try {
          chunk ??= await nextChunk(plaintext);
        } catch (error) {
          return failed(error as Error);
        } finally {
          waitingOnUs = false;
        }
        if (ended) return;
        if (chunk === null) return finish(controller);
        counted(chunk.length);
        // Buffers are Uint8Arrays already, and nothing reuses them: no copy.
        controller.enqueue(chunk);
        if (delivered === expected) finish(controller);
      },
      cancel() {
        end("cancelled");
      },
      // No read ahead: pull runs only when Next.js reads, which it does once the status and headers are set.
    },
    { highWaterMark: 0 },
  );
  return { body, delivered: () => delivered, stop };
}
