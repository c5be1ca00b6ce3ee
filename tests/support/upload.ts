// Uploads and downloads over real HTTP for the file tests: hand-built multipart bodies (so names and
// framing can be hostile), streamed bodies that are never held in memory, raw node:http requests that
// can stop half-way, and what an upload leaves in the blob store and in the database.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { db } from "@/lib/db";
import { storedBlobs, unfinishedWrites } from "./storage";
import type { Client } from "./http-client";
import { pseudoRandomChunks } from "./sample-files";

// ---- Multipart bodies ---------------------------------------------------------------------------

export type Part = {
  data: Buffer | string;
  /** Sent as RFC 5987 `filename*=UTF-8''…`, so any character (NUL, CR, LF, bidi) reaches the server as is. */
  filename?: string;
  /** The Content-Disposition line exactly as written; overrides `filename`. */
  disposition?: string;
  contentType?: string;
  field?: string;
};

export const newBoundary = () => `----coffer-test-${randomBytes(12).toString("hex")}`;
export const multipartType = (boundary: string) => `multipart/form-data; boundary=${boundary}`;

const encodeExtended = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The boundary line and headers that open a part (the bytes follow). */
export function partHead(boundary: string, part: Omit<Part, "data">, first = true): Buffer {
  const disposition =
    part.disposition ??
    `Content-Disposition: form-data; name="${part.field ?? "file"}"` +
      (part.filename === undefined ? "" : `; filename*=UTF-8''${encodeExtended(part.filename)}`);
  const type = part.contentType ?? "application/octet-stream";
  return Buffer.from(`${first ? "" : "\r\n"}--${boundary}\r\n${disposition}\r\nContent-Type: ${type}\r\n\r\n`, "utf8");
}

export const multipartEnd = (boundary: string) => Buffer.from(`\r\n--${boundary}--\r\n`);

export function multipartBody(parts: Part[], boundary = newBoundary()): { body: Buffer; contentType: string } {
  const pieces: Buffer[] = [];
  parts.forEach((part, i) => {
    pieces.push(partHead(boundary, part, i === 0), Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data));
  });
  pieces.push(multipartEnd(boundary));
  return { body: Buffer.concat(pieces), contentType: multipartType(boundary) };
}

// ---- Uploads through the test client ------------------------------------------------------------

export type UploadedFile = { id: string; name: string; size: number; mimeType: string; sha256: string; createdAt: string };

export async function upload(client: Client, parts: Part[]): Promise<Response> {
  const { body, contentType } = multipartBody(parts);
  return client.post("/api/files", new Uint8Array(body), { headers: { "content-type": contentType } });
}

/** Uploads files that must be accepted, and answers what the server says it stored. */
export async function uploadOk(client: Client, parts: Part[]): Promise<UploadedFile[]> {
  const response = await upload(client, parts);
  const text = await response.text();
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { files: UploadedFile[] }).files;
}

/**
 * Streams one file of `size` deterministic pseudo-random bytes as a chunked request body (no Content-Length),
 * hashing what it sends; nothing beyond one chunk is held.
 */
export async function streamUpload(client: Client, opts: { filename: string; seed: string; size: number; chunkSize?: number }) {
  const boundary = newBoundary();
  const hash = createHash("sha256");
  let sent = 0;
  const pieces = (function* () {
    yield partHead(boundary, { filename: opts.filename });
    for (const chunk of pseudoRandomChunks(opts.seed, opts.size, opts.chunkSize)) {
      hash.update(chunk);
      sent += chunk.length;
      yield chunk;
    }
    yield multipartEnd(boundary);
  })();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
    },
  });
  // `duplex` is required by Node's fetch for a streamed body; the DOM types do not know it yet.
  const init = { method: "POST", body, duplex: "half", headers: { "content-type": multipartType(boundary) } } as RequestInit;
  const response = await client.fetch("/api/files", init);
  return { response, sentBytes: () => sent, sentSha256: () => hash.digest("hex") };
}

// ---- Reading a download -------------------------------------------------------------------------

export type ReadOutcome = {
  status: number;
  headers: Headers;
  /** Bytes received before the body ended or failed. */
  received: number;
  sha256: string;
  /** Set when reading the body failed (the server aborted the transfer). */
  error?: unknown;
  /** True when the body neither ended nor failed within `stallMs` of its last bytes: the client would hang. */
  stalled?: boolean;
  /** The received bytes, when asked to keep them. */
  bytes?: Buffer;
};

const STALLED = Symbol("stalled");

/** Reads a response body to its end, hashing as it goes; keeps the bytes only when asked. */
export async function readBody(response: Response, opts: { keep?: boolean; stallMs?: number } = {}): Promise<ReadOutcome> {
  const hash = createHash("sha256");
  const kept: Buffer[] = [];
  let received = 0;
  let error: unknown;
  let stalled = false;
  if (response.body) {
    const reader = response.body.getReader();
    try {
      for (;;) {
        let timer: NodeJS.Timeout | undefined;
        const next = await Promise.race([
          reader.read(),
          new Promise<typeof STALLED>((resolve) => (timer = setTimeout(() => resolve(STALLED), opts.stallMs ?? 10_000))),
        ]).finally(() => clearTimeout(timer));
        if (next === STALLED) {
          stalled = true;
          await reader.cancel().catch(() => undefined);
          break;
        }
        const { done, value } = next;
        if (done) break;
        received += value.byteLength;
        hash.update(value);
        if (opts.keep) kept.push(Buffer.from(value));
      }
    } catch (caught) {
      error = caught;
    }
  }
  return {
    status: response.status,
    headers: response.headers,
    received,
    sha256: hash.digest("hex"),
    error,
    stalled,
    bytes: opts.keep ? Buffer.concat(kept) : undefined,
  };
}

export async function download(client: Client, fileId: string, init: RequestInit = {}, opts: { keep?: boolean } = { keep: true }) {
  return readBody(await client.fetch(`/api/files/${fileId}/download`, init), opts);
}

// ---- Raw requests that can stop half-way ---------------------------------------------------------

export type RawOutcome =
  | { kind: "response"; status: number; headers: http.IncomingHttpHeaders; body: string }
  /** The connection failed before a complete answer arrived. */
  | { kind: "dropped"; error: Error };

export function cookieHeader(client: Client): string {
  const session = client.sessionCookie();
  if (!session) throw new Error("the client is not signed in");
  return `${session.name}=${session.value}`;
}

/**
 * POSTs with node:http, writing `body` chunk by chunk with back-pressure, and stops writing as soon as an
 * answer arrives. With `abortAfter`, it stops once that many bytes are written, awaits `beforeAbort`, and
 * destroys the socket: a client that disconnects mid-upload.
 */
export function rawPost(
  baseUrl: string,
  opts: {
    path: string;
    headers: Record<string, string>;
    body: Iterable<Buffer> | AsyncIterable<Buffer>;
    abortAfter?: number;
    beforeAbort?: () => Promise<void>;
  },
): Promise<RawOutcome | { kind: "aborted-by-client"; written: number }> {
  const url = new URL(opts.path, baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: RawOutcome | { kind: "aborted-by-client"; written: number }) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const request = http.request({
      method: "POST",
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      headers: opts.headers,
      agent: false,
    });
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        settle({ kind: "response", status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") });
        request.destroy();
      });
      response.on("error", (error) => settle({ kind: "dropped", error }));
    });
    request.on("error", (error) => settle({ kind: "dropped", error }));

    const stopped = () => answered || settled || request.destroyed;
    const drained = () =>
      new Promise<void>((done) => {
        const finish = () => {
          request.off("drain", finish).off("close", finish).off("response", finish);
          done();
        };
        request.on("drain", finish).on("close", finish).on("response", finish);
      });

    void (async () => {
      let written = 0;
      for await (const chunk of opts.body) {
        if (stopped()) return;
        let piece = chunk;
        if (opts.abortAfter !== undefined && written + piece.length >= opts.abortAfter)
          piece = piece.subarray(0, opts.abortAfter - written);
        const flushed = request.write(piece);
        written += piece.length;
        if (opts.abortAfter !== undefined && written >= opts.abortAfter) {
          await new Promise<void>((done) => (flushed ? setImmediate(done) : request.once("drain", done)));
          await opts.beforeAbort?.();
          settle({ kind: "aborted-by-client", written });
          request.destroy();
          return;
        }
        if (!flushed) await drained();
      }
      if (!stopped()) request.end();
    })();
  });
}

// ---- What an upload leaves behind (through the storage port: tests/support/storage.ts) -----------------

export type StorageState = { blobs: string[]; fileRows: number; storageUsed: bigint };

export async function storageState(userId: string): Promise<StorageState> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { storageUsed: true } });
  return { blobs: await storedBlobs(), fileRows: await db.file.count(), storageUsed: user.storageUsed };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/**
 * Asserts that a refused or broken upload left nothing behind: no temporary file, no blob beyond
 * `before`, no extra File row, and the owner's storageUsed unchanged. Cleanup may trail the answer a little.
 */
export async function expectNothingKept(before: StorageState, userId: string): Promise<void> {
  await waitFor(async () => (await unfinishedWrites()).length === 0 && (await storedBlobs()).length === before.blobs.length);
  expect(await unfinishedWrites()).toEqual([]);
  expect(await storedBlobs()).toEqual(before.blobs);
  const after = await storageState(userId);
  expect(after.fileRows).toBe(before.fileRows);
  expect(after.storageUsed).toBe(before.storageUsed);
}

// ---- A request body the test writes piece by piece -------------------------------------------------

export type ManualRequest = {
  /** Writes bytes and waits until they are flushed to the socket. */
  write(data: Buffer | string): Promise<void>;
  end(): void;
  /** Drops the connection, as a client that goes away. */
  destroy(): void;
  /** The answer, or how the connection ended without one. */
  outcome: Promise<RawOutcome>;
  socketClosed: Promise<void>;
};

/** Opens a chunked POST (or any method) whose body the test writes when it wants, for slow and broken clients. */
export function manualRequest(baseUrl: string, opts: { path: string; method?: string; headers: Record<string, string> }): ManualRequest {
  const url = new URL(opts.path, baseUrl);
  const request = http.request({
    method: opts.method ?? "POST",
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    headers: opts.headers,
    agent: false,
  });
  request.flushHeaders();
  const outcome = new Promise<RawOutcome>((resolve) => {
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          kind: "response",
          status: response.statusCode!,
          headers: response.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      response.on("error", (error) => resolve({ kind: "dropped", error }));
    });
    request.on("error", (error) => resolve({ kind: "dropped", error }));
    request.on("close", () => resolve({ kind: "dropped", error: new Error("the connection closed without an answer") }));
  });
  const socketClosed = new Promise<void>((resolve) => request.on("close", () => resolve()));
  return {
    write: (data) => new Promise<void>((resolve, reject) => request.write(data, (error) => (error ? reject(error) : resolve()))),
    end: () => request.end(),
    destroy: () => request.destroy(),
    outcome,
    socketClosed,
  };
}
