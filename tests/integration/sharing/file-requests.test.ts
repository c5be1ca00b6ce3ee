// File requests over real HTTP (docs/decisions/079): an owner makes a request, visitors without an account send files
// through it with tus at /api/requests/<token>/uploads, and the files land in the owner's storage marked with the
// request and the sender's name. Every limit (count, total, largest file, types) and the owner's quota refuse at
// creation, before a byte is stored, with a message; expiry, closing, the password and the admin switch stop a visitor
// with the one 404 (or the password's 403); a visitor reaches no file by any route, with the ids of their own uploads;
// guessing tokens gets 429; a terminated upload gives its share of the request back.
import { db } from "@/lib/db";
import { LIMITS } from "@/lib/rate-limit";
import type { ActionResult } from "@/lib/actions/action-result";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { member, visitor, unknownToken, type Member } from "../../support/sharing";
import { ACTION_FILES } from "../../support/action-files";
import { bytesOf, HTML_PAGE, sha256 } from "../../support/sample-files";
import { download } from "../../support/upload";
import { metadata, OFFSET_TYPE, TUS } from "../../support/tus";

jest.setTimeout(120_000);

const MiB = 1024 * 1024;
const USER_QUOTA = 40 * MiB;

let server: TestServer;
let addressCounter = 0;
const newAddress = () => `203.0.113.${++addressCounter}`;

beforeAll(async () => {
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1", USER_QUOTA: String(USER_QUOTA), MAX_CONCURRENT_UPLOADS: "8" } });
});

afterAll(async () => {
  await server?.stop();
});

type RequestOptions = {
  label?: string;
  message?: string;
  password?: string;
  maxFiles?: number;
  maxTotalMiB?: number;
  maxFileMiB?: number;
  allowedTypes?: string;
};

async function requestAction<T = undefined>(client: Client, name: string, input: unknown): Promise<ActionResult<T>> {
  const response = await client.callAction<ActionResult<T>>("/dashboard", ACTION_FILES.requests, name, [input]);
  if (response.value === undefined) throw new Error(`${name} answered no value (status ${response.status})`);
  return response.value;
}

/** A request the owner makes from the dashboard's dialog; its token from the path the action answers. */
async function makeRequest(owner: Member, opts: RequestOptions = {}) {
  const result = await requestAction<{ url: string; path: string }>(owner.client, "createRequestAction", {
    label: "Receipts for March",
    expiry: "7d",
    maxFiles: 10,
    maxTotalMiB: 20,
    ...opts,
  });
  if (!result.ok) throw new Error(`createRequestAction refused: ${result.error} ${JSON.stringify(result.fieldErrors ?? {})}`);
  const token = /^\/r\/([A-Za-z0-9_-]{32})$/.exec(result.data.path)?.[1];
  if (!token) throw new Error(`unexpected request path ${result.data.path}`);
  expect(result.data.url).toBe(`${server.url}/r/${token}`);
  const row = await db.fileRequest.findFirstOrThrow({ where: { ownerId: owner.id }, orderBy: { createdAt: "desc" } });
  return { token, id: row.id, page: `/r/${token}`, uploads: `/api/requests/${token}/uploads` };
}
type MadeRequest = Awaited<ReturnType<typeof makeRequest>>;

async function createUpload(client: Client, request: MadeRequest, opts: { name: string; length: number; sender?: string; body?: Buffer }) {
  const fields: Record<string, string> = { filename: opts.name, ...(opts.sender ? { sender: opts.sender } : {}) };
  const response = await client.fetch(request.uploads, {
    method: "POST",
    headers: {
      ...TUS,
      "Upload-Length": String(opts.length),
      "Upload-Metadata": metadata(fields),
      ...(opts.body ? { "Content-Type": OFFSET_TYPE } : {}),
    },
    body: opts.body && new Uint8Array(opts.body),
  });
  return { status: response.status, location: response.headers.get("location"), headers: response.headers, body: await response.text() };
}

async function patch(client: Client, location: string, offset: number, data: Buffer) {
  const response = await client.fetch(location, {
    method: "PATCH",
    headers: { ...TUS, "Content-Type": OFFSET_TYPE, "Upload-Offset": String(offset) },
    body: new Uint8Array(data),
  });
  return {
    status: response.status,
    offset: Number(response.headers.get("upload-offset")),
    headers: response.headers,
    body: await response.text(),
  };
}

/** Sends a whole file through the request: the creation, then one PATCH. */
async function send(client: Client, request: MadeRequest, name: string, data: Buffer, sender?: string) {
  const created = await createUpload(client, request, { name, length: data.length, sender });
  expect({ status: created.status, body: created.body }).toEqual({ status: 201, body: "" });
  expect(created.location).toMatch(new RegExp(`^/api/requests/${request.token}/uploads/[A-Za-z0-9_-]{32}$`));
  const sent = await patch(client, created.location!, 0, data);
  expect(sent.status).toBe(204);
  expect(sent.offset).toBe(data.length);
  // A visitor never learns the file an upload became.
  expect(sent.headers.get("coffer-file-id")).toBeNull();
  return created.location!;
}

/** Nothing of a refused upload was kept: no upload row, no session, no reservation, no file. */
async function expectNothingStored(request: MadeRequest, ownerId: string, before: { filesLeft: number; bytesLeft: bigint }) {
  expect(await db.resumableUpload.count({ where: { requestId: request.id, fileId: null, storageKey: { not: null } } })).toBe(0);
  expect(await db.pendingBlob.count({ where: { userId: ownerId, resumable: { requestId: request.id } } })).toBe(0);
  const row = await db.fileRequest.findUniqueOrThrow({ where: { id: request.id }, select: { filesLeft: true, bytesLeft: true } });
  expect(row).toEqual(before);
}

/** A page's HTML without the markers React puts between adjacent texts. */
const textOf = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

const left = (requestId: string) =>
  db.fileRequest.findUniqueOrThrow({ where: { id: requestId }, select: { filesLeft: true, bytesLeft: true } });

describe("a request's journey", () => {
  let owner: Member;
  let request: MadeRequest;
  const first = bytesOf("receipt-1", 3 * MiB + 1234);
  const second = Buffer.from("coffee 3.20\nbus 2.10\n");

  it("the owner makes a request; a visitor sees its label, the owner's name and the message, never a file", async () => {
    owner = await member(server);
    request = await makeRequest(owner, { message: "The March receipts, please.\nPhotos are fine." });
    const page = await visitor(server, newAddress()).get(request.page);
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("x-robots-tag")).toContain("noindex");
    expect(page.headers.get("content-security-policy")).toContain("nonce-");
    const html = await textOf(page);
    expect(html).toContain("Receipts for March");
    expect(html).toContain(`${owner.username} asks you for files`);
    expect(html).toContain("The March receipts, please.");
    expect(html).not.toMatch(/\/api\/files\/|download/i);
  });

  it("two files arrive, marked with the request and the sender, in the owner's storage, byte-exact", async () => {
    const sender = visitor(server, newAddress());
    await send(sender, request, "receipt-1.bin", first, "Carol Client");
    await send(sender, request, "receipt-2.txt", second, "Carol Client");
    const files = await db.file.findMany({ where: { ownerId: owner.id }, orderBy: { createdAt: "asc" } });
    expect(files.map((f) => [f.name, f.requestId, f.senderName])).toEqual([
      ["receipt-1.bin", request.id, "Carol Client"],
      ["receipt-2.txt", request.id, "Carol Client"],
    ]);
    const user = await db.user.findUniqueOrThrow({ where: { id: owner.id }, select: { storageUsed: true } });
    expect(Number(user.storageUsed)).toBe(first.length + second.length);
    expect(await left(request.id)).toEqual({ filesLeft: 8, bytesLeft: BigInt(20 * MiB - first.length - second.length) });
    for (const [file, data] of [
      [files[0], first],
      [files[1], second],
    ] as const) {
      const got = await download(owner.client, file.id);
      expect(got.status).toBe(200);
      expect(got.sha256).toBe(sha256(data));
      expect(file.sha256).toBe(sha256(data));
      // Each arrival is in the file's activity, and the dashboard and the file's page say where it came from.
      const activity = await db.activity.findMany({ where: { fileId: file.id } });
      expect(activity.map((a) => [a.kind, a.actorName, a.subject])).toEqual([["request.received", "Carol Client", "Receipts for March"]]);
    }
    const dashboard = await textOf(await owner.client.get(`/dashboard?request=${request.id}`));
    expect(dashboard).toContain("Received through Receipts for March from Carol Client");
    expect(dashboard).toContain("receipt-1.bin");
    const filePage = await textOf(await owner.client.get(`/files/${files[0].id}`));
    expect(filePage).toMatch(/through.*Receipts for March.*from Carol Client/s);
    const shared = await textOf(await owner.client.get("/shared"));
    expect(shared).toContain("2 files,");
    // The owner's audit trail has the request's creation and the visitor's files.
    const kinds = (await db.auditEvent.findMany({ where: { userId: owner.id } })).map((e) => [e.kind, e.actorId === null]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ["request.created", false],
        ["file.uploaded", true],
      ]),
    );
  });

  it("a visitor reaches no file through any route, with the ids of the files and uploads they sent", async () => {
    const sender = visitor(server, newAddress());
    const location = await send(sender, request, "private-note.txt", Buffer.from("only for the owner\n"));
    const upload = await db.resumableUpload.findUniqueOrThrow({ where: { id: location.split("/").pop()! } });
    const fileId = upload.fileId!;
    expect(fileId).toBeTruthy();
    for (const path of [
      `/api/files/${fileId}/download`,
      `/api/files/${fileId}/preview`,
      `/api/files/${fileId}/thumbnail`,
      `/files/${fileId}`,
      `/dashboard?request=${request.id}`,
      `/api/uploads/${upload.id}`,
      `/r/${request.token}/download`,
      `/r/${request.token}/files/${fileId}`,
      `${request.uploads}/${fileId}`,
    ]) {
      const response = await sender.get(path);
      expect({ path, ok: response.status >= 300 }).toEqual({ path, ok: true });
      expect(await response.text()).not.toContain("only for the owner");
    }
    // HEAD on its own upload says it is complete, and nothing about the file.
    const head = await sender.fetch(location, { method: "HEAD", headers: TUS });
    expect(head.status).toBe(200);
    expect(head.headers.get("coffer-file-id")).toBeNull();
    // Nor through the owner's tus routes, and its DELETE leaves the file.
    expect((await sender.fetch(`/api/uploads/${upload.id}`, { method: "HEAD", headers: TUS })).status).toBe(401);
    expect((await sender.fetch(location, { method: "DELETE", headers: TUS })).status).toBe(204);
    expect(await db.file.count({ where: { id: fileId } })).toBe(1);
    // The owner's own tus routes do not reach a visitor's upload either.
    expect((await owner.client.fetch(`/api/uploads/${upload.id}`, { method: "HEAD", headers: TUS })).status).toBe(404);
  });
});

describe("limits refuse at creation, with a message, before a byte is stored", () => {
  let owner: Member;

  beforeAll(async () => {
    owner = await member(server);
  });

  it("the number of files", async () => {
    const request = await makeRequest(owner, { maxFiles: 1 });
    const sender = visitor(server, newAddress());
    await send(sender, request, "one.txt", Buffer.from("one\n"));
    const before = await left(request.id);
    const refused = await createUpload(sender, request, { name: "two.txt", length: 4, body: Buffer.from("two\n") });
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).error).toBe("This request takes 1 file, and all of them have been sent.");
    await expectNothingStored(request, owner.id, before);
    // Used up: its page is the one 404, with its own words.
    const page = await sender.get(request.page);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("This request has all it takes");
  });

  it("the total size, and uploads racing for the last room: only as many as fit are taken", async () => {
    const request = await makeRequest(owner, { maxTotalMiB: 5 });
    const sender = visitor(server, newAddress());
    const before = await left(request.id);
    const refused = await createUpload(sender, request, { name: "big.bin", length: 5 * MiB + 1, body: bytesOf("big", 1024) });
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).error).toBe("This file does not fit: the request takes 5 MiB in all, and 5 MiB of that is left.");
    await expectNothingStored(request, owner.id, before);
    // Four uploads of 2 MiB at once into 5 MiB: two are taken, whichever node or order.
    const raced = await Promise.all(
      [1, 2, 3, 4].map((i) => createUpload(visitor(server, newAddress()), request, { name: `part-${i}.bin`, length: 2 * MiB })),
    );
    expect(raced.map((r) => r.status).sort()).toEqual([201, 201, 413, 413]);
    expect(await left(request.id)).toEqual({ filesLeft: 8, bytesLeft: BigInt(1 * MiB) });
  });

  it("the largest file", async () => {
    const request = await makeRequest(owner, { maxFileMiB: 1 });
    const before = await left(request.id);
    const refused = await createUpload(visitor(server, newAddress()), request, { name: "photo.bin", length: MiB + 1 });
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).error).toBe("This request takes files of at most 1 MiB each.");
    await expectNothingStored(request, owner.id, before);
  });

  it("the types, the blocked extensions and the content check", async () => {
    const request = await makeRequest(owner, { allowedTypes: "images, pdf" });
    const sender = visitor(server, newAddress());
    const before = await left(request.id);
    const wrongType = await createUpload(sender, request, { name: "notes.docx", length: 10, body: Buffer.from("0123456789") });
    expect(wrongType.status).toBe(415);
    expect(JSON.parse(wrongType.body).error).toBe("This request takes only images and PDFs, not .docx files.");
    await expectNothingStored(request, owner.id, before);
    // An HTML page named as a PDF: the content check refuses it before any of it is stored, and its share comes back.
    const disguised = await createUpload(sender, request, { name: "invoice.pdf", length: HTML_PAGE.length, body: HTML_PAGE });
    expect(disguised.status).toBe(415);
    expect(JSON.parse(disguised.body).error).toMatch(/is not a \.pdf file/);
    await expectNothingStored(request, owner.id, before);
    const anyTypes = await makeRequest(owner);
    const blocked = await createUpload(sender, anyTypes, { name: "run.exe", length: 10 });
    expect(blocked.status).toBe(415);
    expect(await db.file.count({ where: { requestId: { in: [request.id, anyTypes.id] } } })).toBe(0);
  });

  it("the owner's quota, without saying how much room the owner has", async () => {
    const small = await member(server);
    await db.user.update({ where: { id: small.id }, data: { storageUsed: BigInt(USER_QUOTA - MiB) } });
    const request = await makeRequest(small);
    const before = await left(request.id);
    const refused = await createUpload(visitor(server, newAddress()), request, { name: "a.bin", length: 2 * MiB });
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).error).toMatch(/not enough room left in the storage of the person who asked/);
    expect(refused.body).not.toMatch(/MiB|GiB/);
    await expectNothingStored(request, small.id, before);
  });

  it("a terminated upload gives its share of the request back", async () => {
    const request = await makeRequest(owner, { maxFiles: 1 });
    const sender = visitor(server, newAddress());
    const created = await createUpload(sender, request, { name: "later.bin", length: MiB });
    expect(created.status).toBe(201);
    expect(await left(request.id)).toEqual({ filesLeft: 0, bytesLeft: BigInt(19 * MiB) });
    expect((await sender.fetch(created.location!, { method: "DELETE", headers: TUS })).status).toBe(204);
    expect(await left(request.id)).toEqual({ filesLeft: 1, bytesLeft: BigInt(20 * MiB) });
    expect(await db.pendingBlob.count({ where: { resumable: { requestId: request.id } } })).toBe(0);
  });
});

describe("what stops a visitor", () => {
  let owner: Member;

  beforeAll(async () => {
    owner = await member(server);
  });

  it("expiry: the page, a new upload and one under way are the one 404", async () => {
    const request = await makeRequest(owner);
    const sender = visitor(server, newAddress());
    const created = await createUpload(sender, request, { name: "late.bin", length: 2 * 64 * 1024 });
    await db.fileRequest.update({ where: { id: request.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const page = await sender.get(request.page);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("This request has expired");
    expect((await createUpload(sender, request, { name: "new.bin", length: 10 })).status).toBe(404);
    const late = await patch(sender, created.location!, 0, bytesOf("late", 2 * 64 * 1024));
    expect(late.status).toBe(404);
    expect(JSON.parse(late.body).error).toBe("This file request is not available.");
    expect(await db.file.count({ where: { requestId: request.id } })).toBe(0);
  });

  it("closing stops it at once, uploads under way included; reopening lets it in again", async () => {
    const request = await makeRequest(owner);
    const sender = visitor(server, newAddress());
    const created = await createUpload(sender, request, { name: "doc.bin", length: 64 * 1024 });
    expect(await requestAction(owner.client, "closeRequestAction", { requestId: request.id })).toMatchObject({
      ok: true,
      message: 'Closed the request "Receipts for March".',
    });
    const page = await sender.get(request.page);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("This request was closed");
    expect((await patch(sender, created.location!, 0, bytesOf("doc", 64 * 1024))).status).toBe(404);
    expect((await createUpload(sender, request, { name: "new.bin", length: 10 })).status).toBe(404);
    // Another user cannot reopen it; its owner can.
    const other = await member(server);
    expect(await requestAction(other.client, "reopenRequestAction", { requestId: request.id })).toEqual({
      ok: false,
      error: "Request not found.",
    });
    expect(await requestAction(owner.client, "reopenRequestAction", { requestId: request.id })).toMatchObject({ ok: true });
    expect((await patch(sender, created.location!, 0, bytesOf("doc", 64 * 1024))).status).toBe(204);
    expect(await db.file.count({ where: { requestId: request.id } })).toBe(1);
    const kinds = (await db.auditEvent.findMany({ where: { userId: owner.id, kind: { startsWith: "request." } } })).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["request.created", "request.closed", "request.reopened"]));
  });

  it("the password: no upload without it, a wrong one is refused and audited, the right one opens the page and the uploads", async () => {
    const request = await makeRequest(owner, { password: "correct horse battery", message: "secret words" });
    const sender = visitor(server, newAddress());
    const locked = await (await sender.get(request.page)).text();
    expect(locked).toContain("protected by a password");
    expect(locked).not.toContain("Receipts for March");
    expect(locked).not.toContain("secret words");
    const refused = await createUpload(sender, request, { name: "a.txt", length: 3 });
    expect(refused.status).toBe(403);
    const unlock = (password: string) =>
      sender.callAction<ActionResult>(request.page, ACTION_FILES.request, "unlockRequestAction", [{ token: request.token, password }]);
    expect((await unlock("not the password")).value).toMatchObject({
      ok: false,
      fieldErrors: { password: ["That password is not correct."] },
    });
    expect(await db.auditEvent.count({ where: { userId: owner.id, kind: "request.password_failed", actorId: null } })).toBe(1);
    expect((await unlock("correct horse battery")).value).toMatchObject({ ok: true });
    // Two cookies, each sent only where it is read: the page, and the upload routes.
    expect(sender.cookie(`coffer-request-${request.id}`)).toMatchObject({ path: request.page, httpOnly: true });
    expect(sender.cookie(`coffer-request-uploads-${request.id}`)).toMatchObject({ path: `/api/requests/${request.token}`, httpOnly: true });
    expect(await (await sender.get(request.page)).text()).toContain("secret words");
    await send(sender, request, "a.txt", Buffer.from("abc"));
  });

  it("turned off by an admin: no new request, and every request's page and uploads are the one 404", async () => {
    const request = await makeRequest(owner);
    const admin = await member(server, { role: "admin" });
    const off = await admin.client.callAction<ActionResult>("/admin", ACTION_FILES.admin, "setFileRequestsAction", [{ enabled: false }]);
    expect(off.value).toMatchObject({ ok: true });
    try {
      const sender = visitor(server, newAddress());
      expect((await sender.get(request.page)).status).toBe(404);
      expect((await createUpload(sender, request, { name: "a.txt", length: 3 })).status).toBe(404);
      expect(await requestAction(owner.client, "createRequestAction", { label: "x", expiry: "7d", maxFiles: 1, maxTotalMiB: 1 })).toEqual({
        ok: false,
        error: "File requests are turned off on this server.",
      });
    } finally {
      await admin.client.callAction<ActionResult>("/admin", ACTION_FILES.admin, "setFileRequestsAction", [{ enabled: true }]);
    }
    expect(await db.auditEvent.count({ where: { kind: { in: ["admin.file_requests_off", "admin.file_requests_on"] } } })).toBe(2);
  });

  it(`guessing tokens: after ${LIMITS.linkMiss.points} misses across /s/ and /r/, pages and uploads answer 429`, async () => {
    const request = await makeRequest(owner);
    const guesser = visitor(server, newAddress());
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.linkMiss.points; i++) {
      const token = unknownToken(`request-guess-${i}`);
      const target = i % 3 === 0 ? `/s/${token}` : i % 3 === 1 ? `/r/${token}` : `/api/requests/${token}/uploads`;
      const response =
        i % 3 === 2
          ? await guesser.fetch(target, {
              method: "POST",
              headers: { ...TUS, "Upload-Length": "1", "Upload-Metadata": metadata({ filename: "a" }) },
            })
          : await guesser.get(target);
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array(LIMITS.linkMiss.points).fill(404));
    for (const response of [
      await guesser.get(`/r/${unknownToken("one more")}`),
      await guesser.get(request.page),
      await guesser.fetch(request.uploads, {
        method: "POST",
        headers: { ...TUS, "Upload-Length": "1", "Upload-Metadata": metadata({ filename: "a" }) },
      }),
    ]) {
      expect(response.status).toBe(429);
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // Someone else still gets in.
    expect((await visitor(server, newAddress()).get(request.page)).status).toBe(200);
  });

  it("another user's requests are not theirs to close or edit", async () => {
    const request = await makeRequest(owner);
    const mallory = await member(server);
    for (const [name, input] of [
      ["closeRequestAction", { requestId: request.id }],
      ["editRequestMessageAction", { requestId: request.id, message: "pwned" }],
    ] as const) {
      expect(await requestAction(mallory.client, name, input)).toEqual({ ok: false, error: "Request not found." });
    }
    const row = await db.fileRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect([row.closedAt, row.message]).toEqual([null, null]);
    expect(await requestAction(owner.client, "editRequestMessageAction", { requestId: request.id, message: "New words" })).toMatchObject({
      ok: true,
    });
    expect(await (await visitor(server, newAddress()).get(request.page)).text()).toContain("New words");
  });
});
