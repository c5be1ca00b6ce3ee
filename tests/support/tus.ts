// A tus 1.0.0 client for tests, over the signed-in Client: create, ask, send, terminate (lib/http/tus.ts).
import type { Client } from "./http-client";

export const TUS = { "Tus-Resumable": "1.0.0" };
export const OFFSET_TYPE = "application/offset+octet-stream";

export const metadata = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString("base64")}`)
    .join(",");

export type TusAnswer = {
  status: number;
  offset: number | null;
  location: string | null;
  fileId: string | null;
  body: string;
  headers: Headers;
};

async function answer(response: Response): Promise<TusAnswer> {
  const offset = response.headers.get("upload-offset");
  return {
    status: response.status,
    offset: offset === null ? null : Number(offset),
    location: response.headers.get("location"),
    fileId: response.headers.get("coffer-file-id"),
    body: await response.text(),
    headers: response.headers,
  };
}

/** POST /api/uploads: a new upload of `length` bytes named `name`, with its first bytes when `body` is given. */
export async function createUpload(
  client: Client,
  opts: { length: number; name: string; body?: Buffer; headers?: Record<string, string> },
): Promise<TusAnswer> {
  const headers: Record<string, string> = {
    ...TUS,
    "Upload-Length": String(opts.length),
    "Upload-Metadata": metadata({ filename: opts.name }),
  };
  if (opts.body) headers["Content-Type"] = OFFSET_TYPE;
  return answer(
    await client.fetch("/api/uploads", {
      method: "POST",
      headers: { ...headers, ...opts.headers },
      body: opts.body && new Uint8Array(opts.body),
    }),
  );
}

export async function headUpload(client: Client, location: string): Promise<TusAnswer> {
  return answer(await client.fetch(location, { method: "HEAD", headers: TUS }));
}

export async function patchUpload(client: Client, location: string, offset: number, body: Buffer, headers: Record<string, string> = {}) {
  return answer(
    await client.fetch(location, {
      method: "PATCH",
      headers: { ...TUS, "Content-Type": OFFSET_TYPE, "Upload-Offset": String(offset), ...headers },
      body: new Uint8Array(body),
    }),
  );
}

export async function deleteUpload(client: Client, location: string): Promise<TusAnswer> {
  return answer(await client.fetch(location, { method: "DELETE", headers: TUS }));
}

/**
 * Sends `data` from where the server says the upload stands, in requests of at most `chunk` bytes, as a tus client
 * does: each answer's offset (rounded down to a stored segment) is where the next request starts. Answers the last.
 */
export async function sendAll(client: Client, location: string, data: Buffer, chunk: number): Promise<TusAnswer> {
  let at = (await headUpload(client, location)).offset ?? 0;
  for (;;) {
    const sent = await patchUpload(client, location, at, data.subarray(at, Math.min(data.length, at + chunk)));
    if (sent.status !== 204) throw new Error(`PATCH at ${at} answered ${sent.status}: ${sent.body}`);
    if (sent.fileId || sent.offset === data.length) return sent;
    if (sent.offset! <= at) throw new Error(`PATCH at ${at} moved nothing on (requests must carry a whole segment)`);
    at = sent.offset!;
  }
}
