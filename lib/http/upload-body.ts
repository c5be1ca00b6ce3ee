// What the upload domain needs of a request: its body as a Node stream, the declared type and length,
// and a signal that fires when the client goes away (the connection decides, however early it left).
import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { onResponseClose, unreadRequestBody } from "@/lib/server-bridge";

export type UploadBody = { body: Readable | null; contentType: string; declaredLength: number | null; clientGone: AbortSignal };

export function uploadBody(request: Request): UploadBody {
  const gone = new AbortController();
  const abort = () => gone.abort();
  if (request.signal.aborted) abort();
  else request.signal.addEventListener("abort", abort, { once: true });
  onResponseClose(request.headers, (finished) => {
    if (!finished) abort();
  });
  const declared = Number(request.headers.get("content-length") ?? NaN);
  return {
    // Node's request itself when server.ts hands it over (always, in Coffer); Next.js's web stream otherwise.
    body: unreadRequestBody(request.headers) ?? (request.body ? Readable.fromWeb(request.body as NodeReadableStream) : null),
    contentType: request.headers.get("content-type") ?? "",
    declaredLength: Number.isFinite(declared) ? declared : null,
    clientGone: gone.signal,
  };
}
