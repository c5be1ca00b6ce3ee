// Serves a stored file as a download: single byte ranges, ETag, safe headers, Content-Length, and
// decryption of only the segments the range touches. Each GET settles exactly once: when its response
// closes (the connection decides, however early the client left), or at once when nothing could be sent.
// A transfer ends early when what allowed it goes away (lib/running-transfers.ts, and a periodic re-check
// for what another server changed or what expired) or when the client stops reading.
import "server-only";
import { env } from "@/lib/env";
import { openFileRange } from "@/lib/files/open-file-range";
import type { ServableFile } from "@/lib/files/access";
import { logger } from "@/lib/logger";
import { trackTransfer, type TransferScope } from "@/lib/running-transfers";
import {
  cameThroughServer,
  CONTENT_LENGTH_HEADER,
  destroyResponse,
  holdShutdown,
  nodeResponse,
  onResponseClose,
} from "@/lib/server-bridge";
import { downloadHeaders } from "./headers";
import { requestedRange, type ByteRange } from "./range";
import { transferBody } from "./body";

/** How often a running transfer asks again whether it is still allowed. */
const RECHECK_MS = 15_000;

export type TransferOutcome = {
  /** Every byte of the response reached the operating system. */
  complete: boolean;
  /** Plaintext bytes handed to the response (0 when nothing was sent). */
  delivered: number;
  /** Bytes the response promised (the range's length). */
  expected: number;
  /** The range served, or null for the whole file. */
  range: ByteRange | null;
};

export type ServeOptions = {
  headers?: Record<string, string>;
  /** What allowed this transfer: removing it ends the transfer. */
  scope: TransferScope;
  /** Asked every 15 s while the transfer runs; false ends it. */
  stillAllowed?: () => Promise<boolean>;
  /** A preview the browser shows itself (PDF, audio, video) instead of saving it, under this CSP. */
  inline?: { contentSecurityPolicy: string };
  /** Called exactly once per GET, when the transfer is over whichever way it ended. */
  onSettled?: (outcome: TransferOutcome) => void | Promise<void>;
};

export async function serveFile(request: Request, file: ServableFile, opts: ServeOptions): Promise<Response> {
  const size = Number(file.size);
  const headers = downloadHeaders(file, opts.headers, opts.inline);
  let settled = false;
  // A node shutting down waits for this transfer and for its outcome to be recorded (a link's count, its claim).
  const releaseShutdown = holdShutdown();
  const settle = (outcome: TransferOutcome) => {
    if (settled) return;
    settled = true;
    void Promise.resolve(opts.onSettled?.(outcome))
      .catch((error) => logger.error({ err: error, fileId: file.id }, "transfer hook failed"))
      .finally(releaseShutdown);
  };

  const range = requestedRange(request.headers, size, headers.get("ETag")!);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    headers.delete("Content-Type");
    settle({ complete: false, delivered: 0, expected: 0, range: null });
    return new Response(null, { status: 416, headers });
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const expected = end - start + 1;
  const status = range ? 206 : 200;
  headers.set("Content-Length", String(expected));
  headers.set(CONTENT_LENGTH_HEADER, String(expected));
  if (range) headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
  if (request.method === "HEAD") {
    releaseShutdown();
    return new Response(null, { status, headers });
  }

  let opened;
  try {
    opened = await openFileRange(file, start, end);
  } catch (error) {
    settle({ complete: false, delivered: 0, expected, range });
    throw error;
  }
  const watched = cameThroughServer(request.headers);
  let untrack = () => {};
  let recheck: NodeJS.Timeout | undefined;
  const finished = () => {
    untrack();
    clearInterval(recheck);
  };
  const transfer = transferBody({
    ...opened,
    expected,
    fileId: file.id,
    direct: nodeResponse(request.headers),
    idleMs: env().TRANSFER_IDLE_SECONDS * 1000,
    // A transfer stopped from outside (access withdrawn, a client that stopped reading) also drops the
    // connection: the client learns it did not get the whole file, and nothing waits for it any longer.
    onStopped: () => destroyResponse(request.headers),
    // Without server.ts to say when the response closed (Coffer always runs behind it), the stream's end has to do.
    onEnd: watched
      ? undefined
      : (outcome, delivered) => {
          finished();
          settle({ complete: outcome === "complete", delivered, expected, range });
        },
  });
  untrack = trackTransfer(opts.scope, () => transfer.stop("access ended"));
  if (opts.stillAllowed) {
    const stillAllowed = opts.stillAllowed;
    recheck = setInterval(() => {
      stillAllowed().then(
        (allowed) => allowed || transfer.stop("access ended"),
        (error) => logger.warn({ err: error, fileId: file.id }, "access re-check failed"),
      );
    }, RECHECK_MS);
    recheck.unref();
  }
  // The connection decides when a transfer is over, however early the client left.
  if (watched) {
    onResponseClose(request.headers, (finishedResponse) => {
      finished();
      transfer.stop("the response closed");
      settle({ complete: finishedResponse && transfer.delivered() === expected, delivered: transfer.delivered(), expected, range });
    });
  }
  return new Response(transfer.body, { status, headers });
}
