"use client";
// How a file request's visitor sends one file: a tus 1.0.0 upload at the request's own endpoint
// (/api/requests/<token>/uploads, docs/decisions/077), over XMLHttpRequest for its upload progress. The creation
// declares the whole length, so a file the request's limits or the owner's quota cannot take is refused before a byte
// is sent; then PATCHes of at most 16 MiB, each going on from the offset the server answers (it keeps whole 64 KiB
// segments only). A dropped connection, a busy server (423, 429, 5xx but 507) is tried again from where the server
// stands, a few times; any other refusal ends the upload with the server's message. Cancel terminates the upload.
import type { UploadTransport } from "@/components/files/use-uploads";

const CHUNK = 16 * 1024 * 1024;
const TUS = { "Tus-Resumable": "1.0.0" };
const RETRIES = 5;

const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
const retryable = (status: number) => status === 0 || status === 423 || status === 429 || (status >= 500 && status !== 507);

export function requestTusTransport(opts: { endpoint: string; senderName: () => string }): UploadTransport {
  return (file, events) => {
    let xhr: XMLHttpRequest | null = null;
    let location: string | null = null;
    let cancelled = false;
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;

    const send = (
      method: string,
      url: string,
      headers: Record<string, string>,
      body: Blob | null,
      done: (request: XMLHttpRequest) => void,
    ) => {
      const request = new XMLHttpRequest();
      xhr = request;
      request.open(method, url);
      for (const [name, value] of Object.entries({ ...TUS, ...headers })) request.setRequestHeader(name, value);
      request.onload = () => done(request);
      request.onerror = () => retry(request);
      request.onabort = () => events.cancelled();
      if (body) request.upload.onprogress = (event) => events.progress(Number(headers["Upload-Offset"] ?? 0) + event.loaded);
      request.send(body);
    };

    /** Waits, asks where the upload stands, and goes on from there; the connection is lost after a few tries. */
    const retry = (request: XMLHttpRequest) => {
      if (cancelled) return;
      if (++tries > RETRIES) return request.status === 0 ? events.lost() : events.answered(request.status, request.responseText);
      timer = setTimeout(() => (location ? send("HEAD", location, {}, null, resumed) : create()), Math.min(8000, 500 * 2 ** tries));
    };

    const resumed = (request: XMLHttpRequest) => {
      if (request.status !== 200) return retryable(request.status) ? retry(request) : events.answered(request.status, request.responseText);
      patch(Number(request.getResponseHeader("Upload-Offset") ?? 0));
    };

    const create = () => {
      const sender = opts.senderName().trim();
      const metadata = [`filename ${base64(file.name)}`, ...(sender ? [`sender ${base64(sender)}`] : [])].join(",");
      send("POST", opts.endpoint, { "Upload-Length": String(file.size), "Upload-Metadata": metadata }, null, (request) => {
        if (request.status !== 201)
          return retryable(request.status) ? retry(request) : events.answered(request.status, request.responseText);
        location = request.getResponseHeader("Location");
        if (!location) return events.answered(500, "");
        patch(Number(request.getResponseHeader("Upload-Offset") ?? 0));
      });
    };

    const patch = (offset: number) => {
      if (offset >= file.size) return events.answered(201, "");
      const headers = { "Content-Type": "application/offset+octet-stream", "Upload-Offset": String(offset) };
      send("PATCH", location!, headers, file.slice(offset, Math.min(file.size, offset + CHUNK)), (request) => {
        if (request.status !== 204)
          return retryable(request.status) ? retry(request) : events.answered(request.status, request.responseText);
        tries = 0;
        const next = Number(request.getResponseHeader("Upload-Offset") ?? offset);
        events.progress(next);
        patch(next);
      });
    };

    create();
    return {
      abort() {
        cancelled = true;
        if (timer) clearTimeout(timer);
        if (xhr && xhr.readyState !== XMLHttpRequest.DONE) xhr.abort();
        else events.cancelled();
        // What was stored goes, with the share of the request it held.
        if (location) void fetch(location, { method: "DELETE", headers: TUS }).catch(() => undefined);
      },
    };
  };
}
