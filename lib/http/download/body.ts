// The bridge from a decrypting Node stream to the web stream a Response carries. It pulls one chunk per
// demand (the client's pace), counts what it handed on, and can be stopped from outside (the connection
// closed, the file was deleted), which releases the blob's file descriptor at once.
import type { Readable } from "node:stream";
import { logger } from "@/lib/logger";
import { nextChunk } from "@/lib/streams/next-chunk";

export type TransferBody = {
  body: ReadableStream<Uint8Array>;
  /** Plaintext bytes handed to the response so far. */
  delivered(): number;
  /** Ends the transfer: no more bytes; the source is destroyed. */
  stop(): void;
};

export function transferBody(opts: {
  plaintext: Readable;
  first: Buffer | null;
  expected: number;
  fileId: string;
  /** Called once when the stream itself ends: every byte handed on, or a read failed, or the reader cancelled. */
  onEnd?: (outcome: "complete" | "failed" | "cancelled", delivered: number) => void;
}): TransferBody {
  const { plaintext, expected } = opts;
  let delivered = opts.first?.length ?? 0;
  let ended = false;
  const end = (outcome: "complete" | "failed" | "cancelled") => {
    if (ended) return;
    ended = true;
    plaintext.destroy();
    opts.onEnd?.(outcome, delivered);
  };
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
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
      try {
        chunk = await nextChunk(plaintext);
      } catch (error) {
        if (ended) return; // stopped from outside while this read waited
        logger.error({ fileId: opts.fileId, err: { name: (error as Error).name, message: (error as Error).message } }, "transfer failed");
        controller.error(error);
        return end("failed");
      }
      if (ended) return;
      if (chunk === null) return finish(controller);
      delivered += chunk.length;
      controller.enqueue(chunk);
      if (delivered === expected) finish(controller);
    },
    cancel() {
      end("cancelled");
    },
  });
  return {
    body,
    delivered: () => delivered,
    stop() {
      if (ended) return;
      try {
        controllerRef?.error(new Error("transfer stopped"));
      } catch {
        // already closed
      }
      end("cancelled");
    },
  };
}
