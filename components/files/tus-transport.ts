// Each file as a tus 1.0.0 upload to /api/uploads (tus-js-client; the server's side is docs/decisions/076, the
// browser's docs/decisions/077): created, then sent in requests of CHUNK_SIZE, each continuing where the server says
// the stored bytes end. The upload's address is kept in localStorage under the file's fingerprint (name, type, size,
// last change), so choosing the same file again after a reload, or when a sleeping laptop wakes, continues it.
import type { DetailedError, HttpStack, PreviousUpload, Upload, UploadOptions } from "tus-js-client";
import type { UploadTransport } from "./upload-transport";

/**
 * Under the 100 MB one request may carry through common proxies (Cloudflare's), and a whole number of the server's
 * 64 KiB segments, so that only the last request ends short of one.
 */
export const CHUNK_SIZE = 64 * 1024 * 1024;
/** The waits before each new try; tus-js-client starts the count again whenever a try moved the upload on. */
export const RETRY_DELAYS = [0, 1_000, 3_000, 5_000, 10_000, 20_000, 30_000, 60_000];
/** The header of the answer that completes an upload (and of a HEAD on a completed one): the File it became. */
const FILE_ID_HEADER = "Coffer-File-Id";

/**
 * Whether another try may succeed after an answer of `status` (0: none came). Worth it: the network, the server's
 * passing trouble (5xx but 507, out of storage), a request still writing the upload (423, as after a reload, until
 * the server notices the old request is gone), too many at once (429), and an offset that moved meanwhile (409: the
 * try starts with a HEAD, as the server asks). Not worth it: every other refusal (too large, over quota, blocked or
 * mismatched content, signed out, expired).
 */
export function worthRetrying(status: number): boolean {
  if (status === 0 || status === 409 || status === 423 || status === 429) return true;
  return status >= 500 && status !== 507;
}

/** The person's reason from a refusal's JSON body (`{ "error": "…" }`). */
export function refusalMessage(body: string): string {
  try {
    const error = (JSON.parse(body) as { error?: unknown }).error;
    return typeof error === "string" && error ? error : "The upload failed.";
  } catch {
    return "The upload failed.";
  }
}

/** The newest upload stored for this file, or none. */
const newest = (previous: PreviousUpload[]) =>
  [...previous].sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime))[0] as PreviousUpload | undefined;

type TusModule = { Upload: typeof Upload };

/**
 * A transport over tus. Tests may hand it an `httpStack` (tus-js-client's seam for the requests), shorter
 * `retryDelays` and an `endpoint`; the page uses the defaults.
 */
export function createTusTransport(
  opts: {
    endpoint?: string;
    retryDelays?: number[];
    httpStack?: HttpStack;
    /** More Upload-Metadata for each file, read when it is sent (a file request's sender name). */
    metadata?: () => Record<string, string>;
  } = {},
): UploadTransport {
  return (file, events) => {
    let upload: Upload | null = null;
    let cancelled = false;
    let ended = false;
    const end = (event: () => void) => {
      if (ended) return;
      ended = true;
      event();
    };
    // Terminating may fail (the network is gone): the server then sweeps the upload when it expires.
    const terminate = (tus: Upload) => void tus.abort(true).catch(() => undefined);

    const options: UploadOptions = {
      endpoint: opts.endpoint ?? new URL("/api/uploads", window.location.href).href,
      chunkSize: CHUNK_SIZE,
      retryDelays: opts.retryDelays ?? RETRY_DELAYS,
      metadata: { ...opts.metadata?.(), ...(file.type ? { filename: file.name, filetype: file.type } : { filename: file.name }) },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onShouldRetry: (error: DetailedError) => worthRetrying(error.originalResponse?.getStatus() ?? 0),
      onAfterResponse: (request, response) => {
        if (request.getMethod() !== "HEAD" || response.getStatus() !== 200) return;
        const offset = Number(response.getHeader("Upload-Offset"));
        if (Number.isSafeInteger(offset) && offset > 0) events.resumed(offset);
      },
      onProgress: (sent) => events.progress(sent),
      onSuccess: ({ lastResponse }) => end(() => events.uploaded(lastResponse.getHeader(FILE_ID_HEADER) ?? null)),
      onError: (error) =>
        end(() => {
          const { originalRequest, originalResponse } = error as Partial<DetailedError>;
          if (originalResponse) events.failed(refusalMessage(originalResponse.getBody()));
          else if (originalRequest) events.lost();
          // No request failed: the file itself did (changed or gone since it was chosen).
          else events.failed("The file could not be read. Choose it again.");
        }),
      ...(opts.httpStack ? { httpStack: opts.httpStack } : {}),
    };

    const begin = async () => {
      // Loaded when the first file is sent: the library is the browser's alone (it reads window at load).
      const { Upload } = (await import("tus-js-client")) as TusModule;
      if (cancelled) return;
      const tus = new Upload(file, options);
      upload = tus;
      const previous = newest(await tus.findPreviousUploads());
      if (previous) tus.resumeFromPreviousUpload(previous);
      // Cancelled while the stored uploads were read: the one found goes too.
      if (cancelled) return terminate(tus);
      tus.start();
    };
    begin().catch(() => end(() => events.lost()));

    return {
      abort() {
        if (ended) return;
        cancelled = true;
        end(() => events.cancelled());
        if (upload) terminate(upload);
      },
    };
  };
}

export const tusTransport = createTusTransport();
