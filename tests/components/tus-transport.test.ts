// The uploader's transport: tus-js-client (its browser build, as the page loads it) against a tus server in memory
// that answers as Coffer's does (lib/http/tus.ts): relative Locations, offsets rounded down to 64 KiB segments, the
// File id on the answer that completes an upload and on a HEAD of a completed one, JSON refusals. The requests go
// through tus-js-client's HttpStack seam instead of XMLHttpRequest; localStorage is jsdom's, kept across "pages".
import type { HttpRequest, HttpResponse, HttpStack } from "tus-js-client";
import { CHUNK_SIZE, createTusTransport, refusalMessage, worthRetrying } from "@/components/files/tus-transport";
import type { UploadEvents } from "@/components/files/upload-transport";

const SEGMENT = 64 * 1024;
const MiB = 1024 * 1024;

type Answer = { status: number; headers?: Record<string, string>; body?: string };
/** What a scripted request does instead of the server's default: answer so, fail on the wire, or never end. */
type Scripted = Answer | "network-error" | "hang";
type Sent = { method: string; url: string; headers: Record<string, string>; size: number };
type Stored = { length: number; offset: number; metadata: string; fileId: string | null };

class MemoryTusServer implements HttpStack {
  readonly uploads = new Map<string, Stored>();
  readonly sent: Sent[] = [];
  /** Per method, what its next requests do, in order, before the server answers as usual again. */
  readonly script: Record<string, Scripted[]> = {};
  /** How many bytes of each PATCH the server keeps (as when the request was cut off), before rounding down. */
  keep: (received: number) => number = (received) => received;
  private nextId = 1;

  createRequest(method: string, url: string): HttpRequest {
    const headers: Record<string, string> = {};
    const { sent, script } = this;
    const answer = (size: number) => this.answer(method, url, headers, size);
    return {
      getMethod: () => method,
      getURL: () => url,
      setHeader: (name, value) => void (headers[name.toLowerCase()] = value),
      getHeader: (name) => headers[name.toLowerCase()],
      setProgressHandler: () => undefined,
      async send(body: Blob | null) {
        sent.push({ method, url, headers: { ...headers }, size: body?.size ?? 0 });
        const scripted = script[method]?.shift();
        if (scripted === "network-error") throw new Error("net::ERR_CONNECTION_RESET");
        if (scripted === "hang") return new Promise<HttpResponse>(() => undefined);
        return response(scripted ?? answer(body?.size ?? 0));
      },
      abort: async () => undefined,
      getUnderlyingObject: () => null,
    };
  }

  getName() {
    return "memory";
  }

  private answer(method: string, url: string, headers: Record<string, string>, size: number): Answer {
    const tus = { "Tus-Resumable": "1.0.0" };
    if (headers["tus-resumable"] !== "1.0.0") return { status: 412 };
    if (method === "POST") {
      const id = `upload-${this.nextId++}`;
      this.uploads.set(id, {
        length: Number(headers["upload-length"]),
        offset: 0,
        metadata: headers["upload-metadata"] ?? "",
        fileId: null,
      });
      return { status: 201, headers: { ...tus, Location: `/api/uploads/${id}`, "Upload-Offset": "0" } };
    }
    const id = new URL(url).pathname.replace("/api/uploads/", "");
    const upload = this.uploads.get(id);
    if (!upload) return { status: 404, body: JSON.stringify({ error: "There is no such upload (it may have expired)." }) };
    const done: Record<string, string> = upload.fileId ? { "Coffer-File-Id": upload.fileId } : {};
    if (method === "HEAD") {
      return { status: 200, headers: { ...tus, ...done, "Upload-Offset": String(upload.offset), "Upload-Length": String(upload.length) } };
    }
    if (method === "DELETE") {
      this.uploads.delete(id);
      return { status: 204, headers: tus };
    }
    if (Number(headers["upload-offset"]) !== upload.offset) return { status: 409, body: JSON.stringify({ error: "Offset mismatch." }) };
    const end = upload.offset + this.keep(size);
    upload.offset = end === upload.length ? end : end - (end % SEGMENT);
    if (upload.offset === upload.length) upload.fileId = `file-of-${id}`;
    return {
      status: 204,
      headers: { ...tus, "Upload-Offset": String(upload.offset), ...(upload.fileId ? { "Coffer-File-Id": upload.fileId } : {}) },
    };
  }
}

function response(answer: Answer): HttpResponse {
  const headers = new Headers(answer.headers);
  return {
    getStatus: () => answer.status,
    getHeader: (name) => headers.get(name) ?? undefined,
    getBody: () => answer.body ?? "",
    getUnderlyingObject: () => null,
  };
}

/** The events one file's transport reports, and a promise for the one that ends it. */
function recorder() {
  const seen: { resumed: number[]; progress: number[] } = { resumed: [], progress: [] };
  let settle: (end: string) => void = () => undefined;
  const ended = new Promise<string>((resolve) => (settle = resolve));
  const events: UploadEvents = {
    resumed: (offset) => void seen.resumed.push(offset),
    progress: (loaded) => void seen.progress.push(loaded),
    uploaded: (fileId) => settle(`uploaded ${fileId}`),
    failed: (message) => settle(`failed: ${message}`),
    lost: () => settle("lost"),
    cancelled: () => settle("cancelled"),
  };
  return { events, seen, ended };
}

const fileOf = (name: string, size: number, type = "application/octet-stream") =>
  new File([new Uint8Array(size)], name, { type, lastModified: 1_700_000_000_000 });
const decodeMetadata = (header: string) =>
  Object.fromEntries(header.split(",").map((pair) => [pair.split(" ")[0], atob(pair.split(" ")[1] ?? "")]));
const storedUploads = () => Object.keys(localStorage).filter((key) => key.startsWith("tus::"));
const methods = (server: MemoryTusServer) => server.sent.map((s) => `${s.method} ${s.headers["upload-offset"] ?? ""}`.trim());
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

beforeEach(() => localStorage.clear());

it("creates the upload with the file's name and type, sends it in 64 MiB requests and reports the File it became", async () => {
  const server = new MemoryTusServer();
  const transport = createTusTransport({ httpStack: server });
  const file = fileOf("holiday film.mp4", CHUNK_SIZE + 3 * MiB + 5, "video/mp4");
  const { events, seen, ended } = recorder();
  transport(file, events);
  expect(await ended).toBe("uploaded file-of-upload-1");

  const [create, first, second] = server.sent;
  expect(create).toMatchObject({ method: "POST", url: "http://localhost/api/uploads", size: 0 });
  expect(create.headers).toMatchObject({ "tus-resumable": "1.0.0", "upload-length": String(file.size) });
  expect(decodeMetadata(create.headers["upload-metadata"])).toEqual({ filename: "holiday film.mp4", filetype: "video/mp4" });
  expect(first).toMatchObject({ method: "PATCH", url: "http://localhost/api/uploads/upload-1", size: CHUNK_SIZE });
  expect(first.headers).toMatchObject({ "upload-offset": "0", "content-type": "application/offset+octet-stream" });
  expect(second).toMatchObject({ method: "PATCH", size: 3 * MiB + 5 });
  expect(second.headers["upload-offset"]).toBe(String(CHUNK_SIZE));
  expect(server.sent).toHaveLength(3);
  expect(seen.progress.at(-1)).toBe(file.size);
  expect(seen.resumed).toEqual([]);
  // Done: nothing is kept for resuming.
  expect(storedUploads()).toEqual([]);
});

it("goes on from the offset the server answers, rounded down to its last whole segment", async () => {
  const server = new MemoryTusServer();
  // The first request is cut off after 200 KiB: the server keeps three segments (192 KiB) of it.
  let first = true;
  server.keep = (received) => (first ? ((first = false), 200 * 1024) : received);
  const { events, ended } = recorder();
  createTusTransport({ httpStack: server })(fileOf("notes.txt", 300 * 1024, "text/plain"), events);
  expect(await ended).toBe("uploaded file-of-upload-1");
  expect(methods(server)).toEqual(["POST", "PATCH 0", `PATCH ${192 * 1024}`]);
  expect(server.sent[2].size).toBe(108 * 1024);
});

it("after a reload, the same file chosen again continues the upload the first page started instead of starting over", async () => {
  const server = new MemoryTusServer();
  const file = fileOf("backup.tar", 10 * MiB);
  // The first page: its request is under way (and never answers: the page goes away) after 4 MiB arrived.
  server.script.PATCH = ["hang"];
  const firstPage = recorder();
  createTusTransport({ httpStack: server })(file, firstPage.events);
  await until(() => server.sent.length === 2);
  expect(storedUploads()).toHaveLength(1);
  server.uploads.get("upload-1")!.offset = 4 * MiB;

  // The next page: a transport of its own, the same file from the disk again.
  const again = fileOf("backup.tar", 10 * MiB);
  const secondPage = recorder();
  createTusTransport({ httpStack: server })(again, secondPage.events);
  expect(await secondPage.ended).toBe("uploaded file-of-upload-1");
  expect(methods(server)).toEqual(["POST", "PATCH 0", "HEAD", `PATCH ${4 * MiB}`]);
  expect(server.sent[3].size).toBe(6 * MiB);
  expect(secondPage.seen.resumed).toEqual([4 * MiB]);
  expect(secondPage.seen.progress.every((loaded) => loaded >= 4 * MiB)).toBe(true);
  expect(storedUploads()).toEqual([]);
});

it("an upload that completed before the page could hear it is found done: its File from the HEAD, nothing sent again", async () => {
  const server = new MemoryTusServer();
  const file = fileOf("done.bin", 1 * MiB);
  server.script.PATCH = ["network-error"];
  const firstPage = recorder();
  // No tries left: the first page gives up at once, with the upload stored.
  createTusTransport({ httpStack: server, retryDelays: [] })(file, firstPage.events);
  expect(await firstPage.ended).toBe("lost");
  Object.assign(server.uploads.get("upload-1")!, { offset: 1 * MiB, fileId: "file-7" });

  const secondPage = recorder();
  createTusTransport({ httpStack: server })(fileOf("done.bin", 1 * MiB), secondPage.events);
  expect(await secondPage.ended).toBe("uploaded file-7");
  expect(methods(server)).toEqual(["POST", "PATCH 0", "HEAD"]);
});

it("a stored upload the server no longer knows (expired, or another account's) is forgotten and the file starts anew", async () => {
  const server = new MemoryTusServer();
  server.script.PATCH = ["network-error"];
  const firstPage = recorder();
  createTusTransport({ httpStack: server, retryDelays: [] })(fileOf("old.bin", 1 * MiB), firstPage.events);
  expect(await firstPage.ended).toBe("lost");
  server.uploads.clear();

  const secondPage = recorder();
  createTusTransport({ httpStack: server })(fileOf("old.bin", 1 * MiB), secondPage.events);
  expect(await secondPage.ended).toBe("uploaded file-of-upload-2");
  expect(methods(server)).toEqual(["POST", "PATCH 0", "HEAD", "POST", "PATCH 0"]);
  expect(storedUploads()).toEqual([]);
});

it("tries again when the connection drops, the upload is still locked (423) or the server is busy (429, 503)", async () => {
  const server = new MemoryTusServer();
  const locked = {
    status: 423,
    headers: { "Retry-After": "5" },
    body: JSON.stringify({ error: "Another request is writing this upload now." }),
  };
  server.script.POST = [{ status: 429, headers: { "Retry-After": "1" }, body: "{}" }];
  server.script.PATCH = ["network-error", locked, { status: 503, body: "{}" }];
  const { events, ended } = recorder();
  createTusTransport({ httpStack: server, retryDelays: [0, 0, 0, 0] })(fileOf("a.bin", 100 * 1024), events);
  expect(await ended).toBe("uploaded file-of-upload-1");
  // Each new try of a created upload first asks where it stands.
  expect(methods(server)).toEqual(["POST", "POST", "PATCH 0", "HEAD", "PATCH 0", "HEAD", "PATCH 0", "HEAD", "PATCH 0"]);
});

it("takes an offset that moved meanwhile (409) as the server asks: a HEAD, and on from where it says", async () => {
  const server = new MemoryTusServer();
  server.script.PATCH = ["hang"];
  const firstPage = recorder();
  createTusTransport({ httpStack: server })(fileOf("moved.bin", 1 * MiB), firstPage.events);
  await until(() => server.sent.length === 2);
  // The next page's HEAD comes before the old request has ended on the server; it ends (at 512 KiB) just after.
  const head = { status: 200, headers: { "Upload-Offset": String(256 * 1024), "Upload-Length": String(1 * MiB) } };
  server.script.HEAD = [head];
  server.script.PATCH = [{ status: 409, body: JSON.stringify({ error: "The upload moved on meanwhile." }) }];
  server.uploads.get("upload-1")!.offset = 512 * 1024;
  const secondPage = recorder();
  createTusTransport({ httpStack: server, retryDelays: [0] })(fileOf("moved.bin", 1 * MiB), secondPage.events);
  expect(await secondPage.ended).toBe("uploaded file-of-upload-1");
  expect(methods(server).slice(2)).toEqual(["HEAD", `PATCH ${256 * 1024}`, "HEAD", `PATCH ${512 * 1024}`]);
});

it.each([
  [413, "The upload does not fit in your 1 GiB quota (10 MiB left)."],
  [415, 'The content of "page.html.png" is not a .png file.'],
  [507, "Your account holds 10,000 files, the most this server allows. Delete some to upload more."],
  [401, "Sign in to continue."],
])("a refusal (%i) is not tried again: the server's own message is what the person reads", async (status, message) => {
  const server = new MemoryTusServer();
  server.script.PATCH = [{ status, body: JSON.stringify({ error: message }) }];
  const { events, ended } = recorder();
  createTusTransport({ httpStack: server, retryDelays: [0, 0, 0] })(fileOf("page.html.png", 10 * 1024, "image/png"), events);
  expect(await ended).toBe(`failed: ${message}`);
  expect(methods(server)).toEqual(["POST", "PATCH 0"]);
});

it("a refusal of the creation itself (the file is too large) says why, and sends no bytes", async () => {
  const server = new MemoryTusServer();
  server.script.POST = [{ status: 413, body: JSON.stringify({ error: "The file is larger than the 1 GiB limit." }) }];
  const { events, ended } = recorder();
  createTusTransport({ httpStack: server, retryDelays: [0, 0] })(fileOf("huge.iso", 1024), events);
  expect(await ended).toBe("failed: The file is larger than the 1 GiB limit.");
  expect(methods(server)).toEqual(["POST"]);
});

it("says the connection was lost once every try has failed on the wire", async () => {
  const server = new MemoryTusServer();
  server.script.POST = ["network-error", "network-error", "network-error"];
  const { events, ended } = recorder();
  createTusTransport({ httpStack: server, retryDelays: [0, 0] })(fileOf("far.bin", 1024), events);
  expect(await ended).toBe("lost");
  expect(methods(server)).toEqual(["POST", "POST", "POST"]);
});

it("cancel ends the upload at once and terminates it on the server (DELETE, tried again while its request still holds it)", async () => {
  const server = new MemoryTusServer();
  server.script.PATCH = ["hang"];
  server.script.DELETE = [{ status: 423, headers: { "Retry-After": "5" }, body: "{}" }];
  const { events, ended } = recorder();
  const sending = createTusTransport({ httpStack: server, retryDelays: [0, 0] })(fileOf("big.iso", 1 * MiB), events);
  await until(() => server.sent.length === 2);
  sending.abort();
  expect(await ended).toBe("cancelled");
  await until(() => server.uploads.size === 0);
  expect(methods(server)).toEqual(["POST", "PATCH 0", "DELETE", "DELETE"]);
  expect(server.sent[3].url).toBe("http://localhost/api/uploads/upload-1");
  await until(() => storedUploads().length === 0);
});

it("decides what is worth another try, and reads the person's message from a refusal", () => {
  expect([0, 409, 423, 429, 500, 502, 503].filter(worthRetrying)).toEqual([0, 409, 423, 429, 500, 502, 503]);
  expect([400, 401, 403, 404, 410, 412, 413, 415, 507].filter(worthRetrying)).toEqual([]);
  expect(refusalMessage(JSON.stringify({ error: "Too large." }))).toBe("Too large.");
  expect(refusalMessage("<html>Bad gateway</html>")).toBe("The upload failed.");
  expect(refusalMessage(JSON.stringify({ error: { code: "x" } }))).toBe("The upload failed.");
});
