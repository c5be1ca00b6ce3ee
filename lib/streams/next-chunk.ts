// Reads one chunk at a time from a Node stream, so whoever pulls drives the pace (backpressure).
import type { Readable } from "node:stream";

/** The next chunk, or null at the end; rejects when the stream failed (now or between two reads). */
export function nextChunk(stream: Readable): Promise<Buffer | null> {
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
