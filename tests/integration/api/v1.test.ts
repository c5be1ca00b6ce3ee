// /api/v1 over real HTTP with personal access tokens: every operation allowed with its scope and refused (403)
// without it; another user's ids are the same 404 as ids that never were; validation errors name their fields; a
// full quota is QUOTA_EXCEEDED; the rate limit answers 429 with Retry-After. Every answer is checked against the
// server's own OpenAPI document (tests/support/openapi.ts), and at the end every operation it describes must have
// been seen answering a success and an error.
import { db } from "@/lib/db";
import { ACTION_FILES } from "../../support/action-files";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { member, resultOf, uploadFile, visitor, type Member } from "../../support/sharing";
import { bytesOf, sha256, tinyPng } from "../../support/sample-files";
import { multipartBody, readBody } from "../../support/upload";
import { metadata, OFFSET_TYPE, TUS } from "../../support/tus";
import { OpenApiCheck, type OpenApiDocument } from "../../support/openapi";
import type { ActionResult } from "@/lib/actions/action-result";

jest.setTimeout(180_000);

const QUOTA = 2 * 1024 * 1024;
let server: TestServer;
let api: OpenApiCheck;
beforeAll(async () => {
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1", USER_QUOTA: String(QUOTA) } });
  const document = await new Client(server.url).get("/api/v1/openapi.json");
  expect(document.status).toBe(200);
  api = new OpenApiCheck((await document.json()) as OpenApiDocument);
});
afterAll(async () => {
  await server?.stop();
});

const ALL = ["files:read", "files:write", "shares:write"] as const;
type Scope = (typeof ALL)[number];

async function makeToken(owner: Member, scopes: readonly Scope[]) {
  const answer = await owner.client.callAction<ActionResult<{ token: string }>>(
    "/settings",
    ACTION_FILES.settingsTokens,
    "createTokenAction",
    [{ name: `api ${scopes.join("+") || "none"} ${Math.random()}`, scopes, lifetime: "90" }],
  );
  const result = resultOf(answer);
  if (!result.ok) throw new Error(result.error);
  return result.data.token;
}

let addresses = 0;
/** A client with no cookies that sends the token (each from an address of its own, so no two share a limit). */
const bearer = (token: string) =>
  new Client(server.url, { headers: { authorization: `Bearer ${token}`, "x-forwarded-for": `198.51.100.${++addresses % 250}` } });

const json = (body: unknown): RequestInit => ({ body: JSON.stringify(body), headers: { "content-type": "application/json" } });
function multipart(files: { filename: string; data: Buffer }[]): RequestInit {
  const { body, contentType } = multipartBody(files);
  return { body: new Uint8Array(body), headers: { "content-type": contentType } };
}

/** Calls an operation and checks its answer against the document; the status and the parsed JSON body. */
async function call(client: Client, operationId: string, method: string, path: string, init: RequestInit = {}) {
  const response = await client.fetch(path, { ...init, method });
  const headers = response.headers;
  const body = (await api.check(operationId, response)) as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  return { status: response.status, body, headers };
}

type ApiFile = { id: string; name: string; size: number; mimeType: string; sha256: string; createdAt: string };

describe("scopes: each operation is allowed with its scope and refused without it", () => {
  let owner: Member;
  let recipient: Member;
  beforeAll(async () => {
    owner = await member(server);
    recipient = await member(server);
  });
  const newFile = async () => (await uploadFile(owner, `f-${Math.random()}.txt`, Buffer.from("scoped bytes"))).id;
  const newLink = async (fileId: string) => {
    const made = await call(
      bearer(await makeToken(owner, ["shares:write"])),
      "createLink",
      "POST",
      `/api/v1/files/${fileId}/links`,
      json({}),
    );
    return made.body!.link.id as string;
  };
  const newShare = async (fileId: string) => {
    const client = bearer(await makeToken(owner, ["shares:write"]));
    return (await call(client, "shareFile", "POST", `/api/v1/files/${fileId}/shares`, json({ username: recipient.username }))).body!.share
      .id as string;
  };

  const operations: { id: string; scope: Scope; method: string; success: number; path: () => Promise<string>; init?: () => RequestInit }[] =
    [
      { id: "listFiles", scope: "files:read", method: "GET", success: 200, path: async () => "/api/v1/files" },
      {
        id: "uploadFiles",
        scope: "files:write",
        method: "POST",
        success: 201,
        path: async () => "/api/v1/files",
        init: () => multipart([{ filename: "up.txt", data: Buffer.from("up") }]),
      },
      { id: "getFile", scope: "files:read", method: "GET", success: 200, path: async () => `/api/v1/files/${await newFile()}` },
      {
        id: "renameFile",
        scope: "files:write",
        method: "PATCH",
        success: 200,
        path: async () => `/api/v1/files/${await newFile()}`,
        init: () => json({ name: "renamed.txt" }),
      },
      { id: "deleteFile", scope: "files:write", method: "DELETE", success: 204, path: async () => `/api/v1/files/${await newFile()}` },
      {
        id: "downloadFile",
        scope: "files:read",
        method: "GET",
        success: 200,
        path: async () => `/api/v1/files/${await newFile()}/content`,
      },
      { id: "headFile", scope: "files:read", method: "HEAD", success: 200, path: async () => `/api/v1/files/${await newFile()}/content` },
      { id: "listLinks", scope: "files:read", method: "GET", success: 200, path: async () => `/api/v1/files/${await newFile()}/links` },
      {
        id: "createLink",
        scope: "shares:write",
        method: "POST",
        success: 201,
        path: async () => `/api/v1/files/${await newFile()}/links`,
        init: () => json({ expiresInDays: 1, maxDownloads: 2, label: "scoped" }),
      },
      {
        id: "revokeLink",
        scope: "shares:write",
        method: "DELETE",
        success: 204,
        path: async () => `/api/v1/links/${await newLink(await newFile())}`,
      },
      { id: "listShares", scope: "files:read", method: "GET", success: 200, path: async () => `/api/v1/files/${await newFile()}/shares` },
      {
        id: "shareFile",
        scope: "shares:write",
        method: "POST",
        success: 201,
        path: async () => `/api/v1/files/${await newFile()}/shares`,
        init: () => json({ username: recipient.username }),
      },
      {
        id: "revokeShare",
        scope: "shares:write",
        method: "DELETE",
        success: 204,
        path: async () => `/api/v1/shares/${await newShare(await newFile())}`,
      },
    ];

  it.each(operations)("$id: $success with $scope alone, 403 FORBIDDEN with every other scope", async (operation) => {
    const path = await operation.path();
    const without = await makeToken(
      owner,
      ALL.filter((s) => s !== operation.scope),
    );
    const refused = await call(bearer(without), operation.id, operation.method, path, operation.init?.());
    expect(refused.status).toBe(403);
    if (operation.method !== "HEAD")
      expect(refused.body!.error).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining(operation.scope) });
    const allowed = await call(bearer(await makeToken(owner, [operation.scope])), operation.id, operation.method, path, operation.init?.());
    expect(allowed.status).toBe(operation.success);
  });

  it.each(operations)("$id: 401 UNAUTHENTICATED for a token that is not one, with no detail", async (operation) => {
    const path = await operation.path();
    const refused = await call(bearer(`coffer_pat_${"x".repeat(43)}`), operation.id, operation.method, path, operation.init?.());
    expect(refused.status).toBe(401);
    if (operation.method !== "HEAD") expect(refused.body!.error).toEqual({ code: "UNAUTHENTICATED", message: "The token is not valid." });
  });
});

describe("another user's ids are the same 404 as ids that never were", () => {
  let owner: Member;
  let stranger: Member;
  let token: string;
  const ids = { file: "", link: "", share: "" };
  beforeAll(async () => {
    owner = await member(server);
    stranger = await member(server);
    const recipient = await member(server);
    const strangerToken = await makeToken(stranger, ALL);
    const theirs = await uploadFile(stranger, "theirs.txt", Buffer.from("theirs"));
    ids.file = theirs.id;
    const client = bearer(strangerToken);
    ids.link = (await call(client, "createLink", "POST", `/api/v1/files/${theirs.id}/links`, json({}))).body!.link.id;
    ids.share = (
      await call(client, "shareFile", "POST", `/api/v1/files/${theirs.id}/shares`, json({ username: recipient.username }))
    ).body!.share.id;
    token = await makeToken(owner, ALL);
  });

  const cases: { id: string; method: string; path: (file: string, link: string, share: string) => string; init?: RequestInit }[] = [
    { id: "getFile", method: "GET", path: (f) => `/api/v1/files/${f}` },
    { id: "renameFile", method: "PATCH", path: (f) => `/api/v1/files/${f}`, init: json({ name: "mine-now.txt" }) },
    { id: "deleteFile", method: "DELETE", path: (f) => `/api/v1/files/${f}` },
    { id: "downloadFile", method: "GET", path: (f) => `/api/v1/files/${f}/content` },
    { id: "headFile", method: "HEAD", path: (f) => `/api/v1/files/${f}/content` },
    { id: "listLinks", method: "GET", path: (f) => `/api/v1/files/${f}/links` },
    { id: "createLink", method: "POST", path: (f) => `/api/v1/files/${f}/links`, init: json({}) },
    { id: "revokeLink", method: "DELETE", path: (_f, l) => `/api/v1/links/${l}` },
    { id: "listShares", method: "GET", path: (f) => `/api/v1/files/${f}/shares` },
    { id: "shareFile", method: "POST", path: (f) => `/api/v1/files/${f}/shares`, init: json({ username: "nobody-here" }) },
    { id: "revokeShare", method: "DELETE", path: (_f, _l, s) => `/api/v1/shares/${s}` },
  ];

  it.each(cases)("$id", async ({ id, method, path, init }) => {
    const client = bearer(token);
    const theirs = await call(client, id, method, path(ids.file, ids.link, ids.share), init);
    const never = await call(client, id, method, path("no-such-file", "no-such-link", "no-such-share"), init);
    expect(theirs.status).toBe(404);
    expect(never.status).toBe(404);
    expect(theirs.body).toEqual(never.body);
    if (method !== "HEAD") expect(theirs.body!.error.code).toBe("NOT_FOUND");
  });

  it("leaves the other user's file, link and share as they were", async () => {
    expect(await db.file.findUnique({ where: { id: ids.file }, select: { name: true } })).toEqual({ name: "theirs.txt" });
    expect((await db.link.findUniqueOrThrow({ where: { id: ids.link } })).revokedAt).toBeNull();
    expect(await db.share.findUnique({ where: { id: ids.share } })).not.toBeNull();
  });
});

describe("what the operations do", () => {
  let owner: Member;
  let client: Client;
  beforeAll(async () => {
    owner = await member(server);
    client = bearer(await makeToken(owner, ALL));
  });

  it("uploads, lists a page at a time with the signed cursor, and downloads byte-exact with Range", async () => {
    const data = bytesOf("api-upload", 200_000);
    const uploaded = await call(
      client,
      "uploadFiles",
      "POST",
      "/api/v1/files",
      multipart([
        { filename: "one.bin", data },
        { filename: "two.txt", data: Buffer.from("two") },
        { filename: "three.txt", data: Buffer.from("three") },
      ]),
    );
    expect(uploaded.status).toBe(201);
    const files = uploaded.body!.files as ApiFile[];
    expect(files.map((f) => f.name)).toEqual(["one.bin", "two.txt", "three.txt"]);
    expect(files[0]).toMatchObject({ size: data.length, sha256: sha256(data) });

    const first = await call(client, "listFiles", "GET", "/api/v1/files?sort=name&order=asc&limit=2");
    expect(first.status).toBe(200);
    expect((first.body!.files as ApiFile[]).map((f) => f.name)).toEqual(["one.bin", "three.txt"]);
    const next = await call(
      client,
      "listFiles",
      "GET",
      `/api/v1/files?sort=name&order=asc&limit=2&cursor=${encodeURIComponent(first.body!.nextCursor)}`,
    );
    expect((next.body!.files as ApiFile[]).map((f) => f.name)).toEqual(["two.txt"]);
    expect(next.body!.nextCursor).toBeNull();
    const found = await call(client, "listFiles", "GET", "/api/v1/files?q=thr");
    expect((found.body!.files as ApiFile[]).map((f) => f.name)).toEqual(["three.txt"]);

    const whole = await client.get(`/api/v1/files/${files[0].id}/content`);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect((await readBody(whole)).sha256).toBe(sha256(data));
    const part = await client.get(`/api/v1/files/${files[0].id}/content`, { headers: { range: "bytes=100000-" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100000-${data.length - 1}/${data.length}`);
    expect((await readBody(part)).sha256).toBe(sha256(data.subarray(100_000)));
    await api.check("downloadFile", await client.get(`/api/v1/files/${files[0].id}/content`, { headers: { range: "bytes=0-9" } }));
    const beyond = await call(client, "downloadFile", "GET", `/api/v1/files/${files[0].id}/content`, {
      headers: { range: "bytes=900000-" },
    });
    expect(beyond.status).toBe(416);
  });

  it("renames, links (the URL once, and it works), shares, revokes and deletes", async () => {
    const recipient = await member(server);
    const file = await uploadFile(owner, "report.txt", Buffer.from("the report"));
    const renamed = await call(client, "renameFile", "PATCH", `/api/v1/files/${file.id}`, json({ name: "final report.txt" }));
    expect(renamed.body!.file).toMatchObject({ id: file.id, name: "final report.txt" });
    expect((await call(client, "getFile", "GET", `/api/v1/files/${file.id}`)).body!.file.name).toBe("final report.txt");

    const before = Date.now();
    const created = await call(
      client,
      "createLink",
      "POST",
      `/api/v1/files/${file.id}/links`,
      json({ expiresInDays: 2, password: "a long password", maxDownloads: 3, label: "for the board" }),
    );
    expect(created.status).toBe(201);
    const link = created.body!.link;
    expect(link).toMatchObject({
      fileId: file.id,
      label: "for the board",
      status: "active",
      maxDownloads: 3,
      downloadCount: 0,
      hasPassword: true,
    });
    expect(Date.parse(link.expiresAt) - before).toBeGreaterThan(2 * 86_400_000 - 60_000);
    expect(link.url).toMatch(/\/s\/[A-Za-z0-9_-]{32}$/);
    const page = await visitor(server).get(new URL(link.url).pathname);
    expect(page.status).toBe(200);
    const forever = await call(client, "createLink", "POST", `/api/v1/files/${file.id}/links`, json({ expiresInDays: null }));
    expect(forever.body!.link.expiresAt).toBeNull();
    const defaulted = await call(client, "createLink", "POST", `/api/v1/files/${file.id}/links`, json({}));
    expect(Date.parse(defaulted.body!.link.expiresAt) - before).toBeGreaterThan(7 * 86_400_000 - 60_000);

    const listed = await call(client, "listLinks", "GET", `/api/v1/files/${file.id}/links`);
    expect(listed.body!.links).toHaveLength(3);
    expect(JSON.stringify(listed.body)).not.toContain(new URL(link.url).pathname);

    const shared = await call(
      client,
      "shareFile",
      "POST",
      `/api/v1/files/${file.id}/shares`,
      json({ username: recipient.username.toUpperCase() }),
    );
    expect(shared.status).toBe(201);
    expect(shared.body!.share).toMatchObject({ fileId: file.id, username: recipient.username });
    const again = await call(client, "shareFile", "POST", `/api/v1/files/${file.id}/shares`, json({ username: recipient.username }));
    expect(again.status).toBe(409);
    expect(again.body!.error).toMatchObject({ code: "CONFLICT", fieldErrors: { username: [expect.any(String)] } });
    // The recipient's own token reads the shared file, as the web UI lets them; it manages nothing.
    const theirs = bearer(await makeToken(recipient, ALL));
    expect((await call(theirs, "getFile", "GET", `/api/v1/files/${file.id}`)).status).toBe(200);
    expect((await call(theirs, "listLinks", "GET", `/api/v1/files/${file.id}/links`)).status).toBe(404);
    expect((await readBody(await theirs.get(`/api/v1/files/${file.id}/content`))).sha256).toBe(sha256(Buffer.from("the report")));
    expect((await call(client, "listShares", "GET", `/api/v1/files/${file.id}/shares`)).body!.shares).toEqual([shared.body!.share]);

    expect((await call(client, "revokeShare", "DELETE", `/api/v1/shares/${shared.body!.share.id}`)).status).toBe(204);
    expect((await call(theirs, "getFile", "GET", `/api/v1/files/${file.id}`)).status).toBe(404);
    expect((await call(client, "revokeLink", "DELETE", `/api/v1/links/${link.id}`)).status).toBe(204);
    expect((await call(client, "revokeLink", "DELETE", `/api/v1/links/${link.id}`)).status).toBe(404);
    expect((await visitor(server).get(new URL(link.url).pathname)).status).toBe(404);
    expect((await call(client, "deleteFile", "DELETE", `/api/v1/files/${file.id}`)).status).toBe(204);
    expect((await call(client, "getFile", "GET", `/api/v1/files/${file.id}`)).status).toBe(404);
  });

  it.each([
    ["listFiles", "GET", "/api/v1/files?limit=0", undefined, "limit"],
    ["listFiles", "GET", "/api/v1/files?limit=101", undefined, "limit"],
    ["listFiles", "GET", "/api/v1/files?sort=date", undefined, "sort"],
    ["listFiles", "GET", "/api/v1/files?order=up", undefined, "order"],
    ["listFiles", "GET", "/api/v1/files?cursor=forged.cursor", undefined, "cursor"],
    ["listFiles", "GET", "/api/v1/files?page=2", undefined, "page"],
    ["renameFile", "PATCH", "FILE", json({ name: "   " }), "name"],
    ["renameFile", "PATCH", "FILE", json({}), "name"],
    ["renameFile", "PATCH", "FILE", { body: "{not json", headers: { "content-type": "application/json" } }, "body"],
    ["createLink", "POST", "FILE/links", json({ password: "short" }), "password"],
    ["createLink", "POST", "FILE/links", json({ maxDownloads: 0 }), "maxDownloads"],
    ["createLink", "POST", "FILE/links", json({ expiresInDays: -1 }), "expiresInDays"],
    ["createLink", "POST", "FILE/links", json({ expires: "7d" }), "expires"],
    ["shareFile", "POST", "FILE/shares", json({ username: "no spaces allowed" }), "username"],
  ] as const)("%s %s %s: 400 VALIDATION_FAILED naming %s", async (id, method, target, init, field) => {
    const file = await uploadFile(owner, "valid.txt", Buffer.from("valid"));
    const path = target.startsWith("/") ? target : `/api/v1/files/${target.replace("FILE", file.id)}`;
    const refused = await call(client, id, method, path, init as RequestInit | undefined);
    expect(refused.status).toBe(400);
    expect(refused.body!.error.code).toBe("VALIDATION_FAILED");
    expect(refused.body!.error.fieldErrors[field]).toEqual([expect.any(String)]);
    expect((await db.file.findUniqueOrThrow({ where: { id: file.id } })).name).toBe("valid.txt");
  });

  it("names an unknown user under username (404), and a blocked rename under name (415)", async () => {
    const file = await uploadFile(owner, "photo.txt", Buffer.from("text"));
    const unknown = await call(client, "shareFile", "POST", `/api/v1/files/${file.id}/shares`, json({ username: "nobody-at-all" }));
    expect(unknown.status).toBe(404);
    expect(unknown.body!.error).toMatchObject({ code: "NOT_FOUND", fieldErrors: { username: [expect.any(String)] } });
    const blocked = await call(client, "renameFile", "PATCH", `/api/v1/files/${file.id}`, json({ name: "photo.exe" }));
    expect(blocked.status).toBe(415);
    expect(blocked.body!.error).toMatchObject({ code: "UNSUPPORTED_TYPE", fieldErrors: { name: [expect.any(String)] } });
  });

  it("tells a full quota (QUOTA_EXCEEDED) from a request that is wrong, and keeps nothing of it", async () => {
    const full = await member(server);
    const token = bearer(await makeToken(full, ALL));
    const over = await call(
      token,
      "uploadFiles",
      "POST",
      "/api/v1/files",
      multipart([{ filename: "big.bin", data: bytesOf("big", QUOTA + 1) }]),
    );
    expect(over.status).toBe(413);
    expect(over.body!.error.code).toBe("QUOTA_EXCEEDED");
    expect(await db.file.count({ where: { ownerId: full.id } })).toBe(0);
    const notMultipart = await call(token, "uploadFiles", "POST", "/api/v1/files", json({ file: "no" }));
    expect(notMultipart.status).toBe(415);
    expect(notMultipart.body!.error.code).toBe("UNSUPPORTED_TYPE");
    const empty = await call(token, "uploadFiles", "POST", "/api/v1/files", multipart([]));
    expect(empty.status).toBe(400);
  });
});

it("answers 429 RATE_LIMITED with Retry-After once a token has spent its requests", async () => {
  const owner = await member(server);
  const client = bearer(await makeToken(owner, ["files:read"]));
  // The "api" limit (lib/rate-limit.ts): 600 requests a minute per token.
  let refused: Awaited<ReturnType<typeof call>> | undefined;
  for (let round = 0; round < 70 && !refused; round++) {
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(client, "getFile", "GET", "/api/v1/files/none")));
    refused = answers.find((a) => a.status === 429);
    if (!refused) expect(answers.every((a) => a.status === 404)).toBe(true);
  }
  expect(refused).toBeDefined();
  expect(refused!.body!.error).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
  expect(refused!.headers.get("retry-after")).toBe(String(refused!.body!.error.retryAfterSeconds));
  // Another token of the same user has a budget of its own.
  expect((await call(bearer(await makeToken(owner, ["files:read"])), "getFile", "GET", "/api/v1/files/none")).status).toBe(404);
});

it("describes the tus endpoint's answers truthfully", async () => {
  const owner = await member(server);
  const writer = bearer(await makeToken(owner, ["files:write"]));
  const reader = bearer(await makeToken(owner, ["files:read"]));
  expect(await api.check("tusOptions", await visitor(server).fetch("/api/uploads", { method: "OPTIONS" }))).toBeUndefined();
  const create = (client: Client) =>
    client.fetch("/api/uploads", {
      method: "POST",
      headers: { ...TUS, "Upload-Length": "5", "Upload-Metadata": metadata({ filename: "t.bin" }) },
    });
  await api.check("tusCreate", await create(reader));
  const created = await create(writer);
  const location = created.headers.get("location")!;
  await api.check("tusCreate", created);
  await api.check("tusOffset", await writer.fetch(location, { method: "HEAD", headers: TUS }));
  await api.check("tusOffset", await reader.fetch(location, { method: "HEAD", headers: TUS }));
  const patch = (client: Client, offset: string) =>
    client.fetch(location, {
      method: "PATCH",
      headers: { ...TUS, "Content-Type": OFFSET_TYPE, "Upload-Offset": offset },
      body: new Uint8Array(Buffer.from("hello")),
    });
  await api.check("tusAppend", await patch(writer, "3"));
  const done = await patch(writer, "0");
  const fileId = done.headers.get("coffer-file-id");
  await api.check("tusAppend", done);
  expect(fileId).toBeTruthy();
  expect((await call(reader, "getFile", "GET", `/api/v1/files/${fileId}`)).body!.file).toMatchObject({ name: "t.bin", size: 5 });
  const other = await create(writer);
  await api.check("tusCreate", other);
  await api.check("tusTerminate", await reader.fetch(other.headers.get("location")!, { method: "DELETE", headers: TUS }));
  await api.check("tusTerminate", await writer.fetch(other.headers.get("location")!, { method: "DELETE", headers: TUS }));
});

afterAll(() => {
  // Every operation the document describes answered here, a success and an error both (OPTIONS has no error).
  const missing: string[] = [];
  for (const id of api.operationIds()) {
    const statuses = [...(api.seen.get(id) ?? [])];
    if (!statuses.some((s) => s < 300)) missing.push(`${id}: no success`);
    if (id !== "tusOptions" && !statuses.some((s) => s >= 400)) missing.push(`${id}: no error`);
  }
  expect(missing).toEqual([]);
});

it("serves the reference page to anyone, listing every operation with its scopes, under the app's CSP", async () => {
  const page = await visitor(server).get("/docs/api");
  expect(page.status).toBe(200);
  expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
  const html = await page.text();
  for (const item of Object.values(api.document.paths))
    for (const [method, operation] of Object.entries(item)) {
      expect(html).toContain(`id="${operation.operationId}"`);
      expect(html).toContain(method.toUpperCase());
    }
  expect(html).toContain("shares:write");
  expect(html).not.toMatch(/<script[^>]+src="https?:/);
});

it("shows the signed-in user ready-to-paste examples for this instance, and a ShareX uploader to download", async () => {
  const owner = await member(server);
  const html = await (await owner.client.get("/settings")).text();
  const appUrl = new URL(api.document.servers[0].url).origin;
  expect(html).toContain(`-F &quot;file=@report.pdf&quot; ${appUrl}/api/v1/files`);
  expect(html).toContain(`${appUrl}/api/v1/files/FILE_ID/content`);
  expect(html).toContain(`${appUrl}/api/v1/files/FILE_ID/links`);
  const href = /href="data:application\/json;charset=utf-8,([^"]+)" download="([^"]+\.sxcu)"/.exec(html);
  expect(href).not.toBeNull();
  const sxcu = JSON.parse(decodeURIComponent(href![1].replaceAll("&amp;", "&")));
  expect(sxcu).toMatchObject({
    RequestMethod: "POST",
    RequestURL: `${appUrl}/api/v1/files`,
    Body: "MultipartFormData",
    Headers: { Authorization: expect.stringMatching(/^Bearer coffer_pat_/) },
    URL: `${appUrl}/files/{json:files[0].id}`,
  });
  // What ShareX sends, with a real token in place of the placeholder, uploads the file and answers what URL reads.
  const token = await makeToken(owner, ["files:write"]);
  const { body, contentType } = multipartBody([{ filename: "screenshot.png", data: tinyPng(), field: sxcu.FileFormName }]);
  const sent = await bearer(token).fetch(new URL(sxcu.RequestURL).pathname, {
    method: "POST",
    body: new Uint8Array(body),
    headers: { "content-type": contentType },
  });
  const answer = (await api.check("uploadFiles", sent)) as { files: ApiFile[] };
  expect(answer.files[0].id).toMatch(/^[A-Za-z0-9_-]+$/);
});
