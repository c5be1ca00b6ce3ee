// Serves a stored file as a download: single byte ranges, ETag, safe headers, Content-Length, and
// decryption of only the segments the range touches. Each GET settles exactly once: when its response
// closes (the connection decides, however early the client left), or at once when nothing could be sent.
import "server-only";
import { openFileRange } from "@/lib/files/open-file-range";
import type { ServableFile } from "@/lib/files/access";
import { logger } from "@/lib/logger";
import { cameThroughServer, CONTENT_LENGTH_HEADER, onResponseClose } from "@/lib/server-bridge";
import { downloadHeaders } from "./headers";
import { requestedRange } from "./range";
import { transferBody } from "./body";

export type TransferOutcome = {
  /** Every byte of the response reached the operating system. */
  complete: boolean;
  /** Plaintext bytes handed to the response (0 when nothing was sent). */
  delivered: number;
  /** Bytes the response promised (the range's length). */
  expected: number;
};

export type ServeOptions = {
  headers?: Record<string, string>;
  /** Called exactly once per GET, when the transfer is over whichever way it ended. */
  onSettled?: (outcome: TransferOutcome) => void | Promise<void>;
};

export async function serveFile(request: Request, file: ServableFile, opts: ServeOptions = {}): Promise<Response> {
  const size = Number(file.size);
  const headers = downloadHeaders(file, opts.headers);
  let settled = false;
  const settle = (outcome: TransferOutcome) => {
    if (settled) return;
    settled = true;
    void Promise.resolve(opts.onSettled?.(outcome)).catch((error) => logger.error({ err: error, fileId: file.id }, "transfer hook failed"));
  };

  const range = requestedRange(request.headers, size, headers.get("ETag")!);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    headers.delete("Content-Type");
    settle({ complete: false, delivered: 0, expected: 0 });
    return new Response(null, { status: 416, headers });
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const expected = end - start + 1;
  const status = range ? 206 : 200;
  headers.set("Content-Length", String(expected));
  headers.set(CONTENT_LENGTH_HEADER, String(expected));
  if (range) headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
  if (request.method === "HEAD") return new Response(null, { status, headers });

  let opened;
  try {
    opened = await openFileRange(file, start, end);
  } catch (error) {
    settle({ complete: false, delivered: 0, expected });
    throw error;
  }
  const watched = cameThroughServer(request.headers);
  const transfer = transferBody({
    ...opened,
    expected,
    fileId: file.id,
    // Without server.ts to say when the response closed (Coffer always runs behind it), the stream's end has to do.
    onEnd: watched ? undefined : (outcome, delivered) => settle({ complete: outcome === "complete", delivered, expected }),
  });
  // The connection decides when a transfer is over, however early the client left.
  if (watched) {
    onResponseClose(request.headers, (finished) => {
      transfer.stop();
      settle({ complete: finished && transfer.delivered() === expected, delivered: transfer.delivered(), expected });
    });
  }
  return new Response(transfer.body, { status, headers });
}
