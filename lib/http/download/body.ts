// The bridge from a decrypting Node stream to the web stream a Response carries. It pulls one chunk per
// demand (the client's pace), counts what it handed on, can be stopped from outside (the connection closed,
// the file was deleted, access was withdrawn), which releases the blob's file descriptor at once, and stops
// itself when the client stops reading.
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

export function transferBody(opts: {
  plaintext: Readable;
  first: Buffer | null;
  expected: number;
  fileId: string;
  /** A client that takes less than 16 KiB in this time is let go. */
  idleMs: number;
  /** Called when the transfer is stopped from outside or by the idle watchdog (not when the reader cancels). */
  onStopped?: () => void;
  /** Called once when the stream itself ends: every byte handed on, a read failed, the reader cancelled, or stopped. */
  onEnd?: (outcome: "complete" | "failed" | "cancelled", delivered: number) => void;
}): TransferBody {
  const { plaintext, expected } = opts;
  let delivered = opts.first?.length ?? 0;
  let ended = false;
  let reading = false;
  let movedAt = Date.now();
  let moved = 0;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;

  const end = (outcome: "complete" | "failed" | "cancelled") => {
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
  // Waiting on Coffer's own reads (disk, decryption) does not count against the client.
  const watchdog = setInterval(
    () => {
      if (reading) movedAt = Date.now();
      else if (Date.now() - movedAt > opts.idleMs) stop("the client stopped reading");
    },
    Math.min(1_000, opts.idleMs / 2),
  );
  watchdog.unref();

  const finish = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    controller.close();
    end(delivered === expected ? "complete" : "failed");
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controllerRef = controller;
      // Buffers are Uint8Arrays already, and nothing reuses them: no copy.
      if (opts.first) controller.enqueue(opts.first);
      if (delivered === expected) finish(controller);
    },
    async pull(controller) {
      if (ended) return;
      let chunk: Buffer | null;
      reading = true;
      try {
        chunk = await nextChunk(plaintext);
      } catch (error) {
        if (ended) return; // stopped from outside while this read waited
        logger.error({ fileId: opts.fileId, err: { name: (error as Error).name, message: (error as Error).message } }, "transfer failed");
        controller.error(error);
        return end("failed");
      } finally {
        reading = false;
      }
      if (ended) return;
      if (chunk === null) return finish(controller);
      delivered += chunk.length;
      moved += chunk.length;
      if (moved >= MIN_PROGRESS_BYTES) {
        moved = 0;
        movedAt = Date.now();
      }
      controller.enqueue(chunk);
      if (delivered === expected) finish(controller);
    },
    cancel() {
      end("cancelled");
    },
  });
  return { body, delivered: () => delivered, stop };
}
