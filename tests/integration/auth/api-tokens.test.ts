// Personal access tokens (docs/decisions/078): made in Settings (shown once, stored as a digest), sent as a bearer
// token, each route asking for its scope; a token that is malformed, unknown, expired or revoked, or whose account is
// disabled, is a 401 that says nothing more; a password change and "sign out everywhere" revoke them; a bearer
// request is not held to the same-origin check; tokens never reach the log; the audit trail has what happened.
import { db } from "@/lib/db";
import { ACTION_FILES } from "../../support/action-files";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { member, resultOf, uploadFile, type Member } from "../../support/sharing";
import { bytesOf, sha256, tinyPng } from "../../support/sample-files";
import { multipartBody, readBody } from "../../support/upload";
import { metadata, OFFSET_TYPE, TUS } from "../../support/tus";
import type { ActionResult } from "@/lib/actions/action-result";

jest.setTimeout(120_000);

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1" } });
});
afterAll(async () => {
  await server?.stop();
});

const ALL = ["files:read", "files:write", "shares:write"] as const;
type Scope = (typeof ALL)[number];

async function makeToken(owner: Member, scopes: readonly Scope[], lifetime = "90", name = `token ${scopes.join("+")}`) {
  const answer = await owner.client.callAction<ActionResult<{ token: string }>>(
    "/settings",
    ACTION_FILES.settingsTokens,
    "createTokenAction",
    [{ name, scopes, lifetime }],
  );
  const result = resultOf(answer);
  if (!result.ok) throw new Error(result.error);
  return result.data.token;
}

/** A client with no cookies that sends the token, from `address` (through the trusted proxy header). */
const bearer = (token: string, address = "198.51.100.7") =>
  new Client(server.url, { headers: { authorization: `Bearer ${token}`, "x-forwarded-for": address } });

it("is shown once, looks like a Coffer token, and only its digest is stored", async () => {
  const owner = await member(server);
  const token = await makeToken(owner, ["files:read"]);
  expect(token).toMatch(/^coffer_pat_[A-Za-z0-9_-]{43}$/);
  const row = await db.apiToken.findFirstOrThrow({ where: { userId: owner.id } });
  expect(JSON.stringify(row)).not.toContain(token.slice("coffer_pat_".length));
  expect(row.hint).toBe(token.slice(11, 15));
  const page = await (await owner.client.get("/settings")).text();
  expect(page).toContain("token files:read");
  expect(page).not.toContain(token);
});

describe("every route asks for its scope", () => {
  let owner: Member;
  let fileId: string;
  let imageId: string;
  let uploadUrl: string;
  beforeAll(async () => {
    owner = await member(server);
    fileId = (await uploadFile(owner, "notes.txt", Buffer.from("hello"))).id;
    imageId = (await uploadFile(owner, "pixel.png", tinyPng())).id;
    const created = await owner.client.fetch("/api/uploads", {
      method: "POST",
      headers: { ...TUS, "Upload-Length": "100", "Upload-Metadata": metadata({ filename: "later.bin" }) },
    });
    uploadUrl = created.headers.get("location")!;
  });

  const routes: { name: string; scope: Scope; call: (client: Client) => Promise<Response> }[] = [
    { name: "GET download", scope: "files:read", call: (c) => c.get(`/api/files/${fileId}/download`) },
    { name: "HEAD download", scope: "files:read", call: (c) => c.fetch(`/api/files/${fileId}/download`, { method: "HEAD" }) },
    { name: "GET preview", scope: "files:read", call: (c) => c.get(`/api/files/${imageId}/preview`) },
    { name: "GET thumbnail", scope: "files:read", call: (c) => c.get(`/api/files/${imageId}/thumbnail`) },
    {
      name: "POST upload",
      scope: "files:write",
      call: (c) => {
        const { body, contentType } = multipartBody([{ filename: "up.txt", data: Buffer.from("up") }]);
        return c.post("/api/files", new Uint8Array(body), { headers: { "content-type": contentType } });
      },
    },
    {
      name: "POST tus creation",
      scope: "files:write",
      call: (c) =>
        c.fetch("/api/uploads", {
          method: "POST",
          headers: { ...TUS, "Upload-Length": "5", "Upload-Metadata": metadata({ filename: "t.bin" }) },
        }),
    },
    { name: "HEAD tus upload", scope: "files:write", call: (c) => c.fetch(uploadUrl, { method: "HEAD", headers: TUS }) },
    {
      name: "PATCH tus upload",
      scope: "files:write",
      call: (c) =>
        c.fetch(uploadUrl, {
          method: "PATCH",
          headers: { ...TUS, "Content-Type": OFFSET_TYPE, "Upload-Offset": "0" },
          body: new Uint8Array(0),
        }),
    },
  ];

  it.each(routes)("$name: allowed with $scope, refused (403) without it", async ({ scope, call }) => {
    const without = await makeToken(
      owner,
      ALL.filter((s) => s !== scope),
    );
    const refused = await call(bearer(without));
    expect(refused.status).toBe(403);
    // (A HEAD answer has no body to say which.)
    const body = await refused.text();
    if (body) expect(JSON.parse(body).error).toContain(scope);
    const allowed = await call(bearer(await makeToken(owner, [scope])));
    expect(allowed.status).toBeLessThan(300);
  });

  it("DELETE tus upload: allowed with files:write, refused without it", async () => {
    expect(
      (await bearer(await makeToken(owner, ["files:read", "shares:write"])).fetch(uploadUrl, { method: "DELETE", headers: TUS })).status,
    ).toBe(403);
    expect((await bearer(await makeToken(owner, ["files:write"])).fetch(uploadUrl, { method: "DELETE", headers: TUS })).status).toBe(204);
  });
});

it("downloads byte-exact and uploads as its owner, with no cookie and no same-origin check", async () => {
  const owner = await member(server);
  const token = await makeToken(owner, ["files:read", "files:write"]);
  const client = bearer(token);
  const data = bytesOf("token-upload", 300_000);
  const { body, contentType } = multipartBody([{ filename: "scripted.bin", data }]);
  // A script sends no Origin; one that did, from anywhere, is still no cross-site request a browser could forge.
  const uploaded = await client.post("/api/files", new Uint8Array(body), {
    headers: { "content-type": contentType, origin: "https://elsewhere.example" },
  });
  expect(uploaded.status).toBe(201);
  const [file] = ((await uploaded.json()) as { files: { id: string }[] }).files;
  expect((await db.file.findUniqueOrThrow({ where: { id: file.id } })).ownerId).toBe(owner.id);
  const got = await readBody(await client.get(`/api/files/${file.id}/download`));
  expect(got.sha256).toBe(sha256(data));
  // Another user's file is the same 404 as one that never was.
  const stranger = await member(server);
  const theirs = await uploadFile(stranger, "theirs.txt", Buffer.from("theirs"));
  expect((await client.get(`/api/files/${theirs.id}/download`)).status).toBe(404);
});

it("answers 401 with no detail for a malformed, unknown, expired or revoked token, and for a disabled account's", async () => {
  const owner = await member(server);
  const expired = await makeToken(owner, ["files:read"], "7", "soon gone");
  await db.apiToken.updateMany({ where: { userId: owner.id, name: "soon gone" }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const revoked = await makeToken(owner, ["files:read"], "30", "revoked one");
  const row = await db.apiToken.findFirstOrThrow({ where: { userId: owner.id, name: "revoked one" } });
  expect(
    resultOf(await owner.client.callAction("/settings", ACTION_FILES.settingsTokens, "revokeTokenAction", [{ tokenId: row.id }])),
  ).toMatchObject({ ok: true });
  const fileId = (await uploadFile(owner, "a.txt", Buffer.from("a"))).id;
  const valid = await makeToken(owner, ["files:read"]);
  const bodies = new Set<string>();
  for (const token of ["coffer_pat_" + "A".repeat(43), "not-a-token", valid.slice(0, -1), `${valid}x`, expired, revoked]) {
    const response = await bearer(token).get(`/api/files/${fileId}/download`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    bodies.add(await response.text());
  }
  // A header that is not a bearer token at all, and a bearer token sent along with the owner's session cookie.
  expect((await owner.client.get(`/api/files/${fileId}/download`, { headers: { authorization: "Basic dXNlcjpwYXNz" } })).status).toBe(401);
  expect((await owner.client.get(`/api/files/${fileId}/download`, { headers: { authorization: `Bearer ${revoked}` } })).status).toBe(401);
  expect([...bodies]).toEqual([JSON.stringify({ error: "The token is not valid." })]);
  // Disabled: refused at once, and revoked for good (enabling the account again does not bring tokens back).
  expect((await bearer(valid).get(`/api/files/${fileId}/download`)).status).toBe(200);
  await db.user.update({ where: { id: owner.id }, data: { disabled: true } });
  expect((await bearer(valid).get(`/api/files/${fileId}/download`)).status).toBe(401);
  await db.user.update({ where: { id: owner.id }, data: { disabled: false } });
});

it("is revoked by a password change and by signing out everywhere", async () => {
  const owner = await member(server);
  const fileId = (await uploadFile(owner, "b.txt", Buffer.from("b"))).id;
  const first = await makeToken(owner, ["files:read"]);
  expect((await bearer(first).get(`/api/files/${fileId}/download`)).status).toBe(200);
  const newPassword = `${owner.password}-new!`;
  const changed = await owner.client.callAction<ActionResult>("/settings", ACTION_FILES.settings, "changePasswordAction", [
    { currentPassword: owner.password, newPassword, confirmPassword: newPassword, code: "" },
  ]);
  expect(resultOf(changed)).toMatchObject({ ok: true });
  expect((await bearer(first).get(`/api/files/${fileId}/download`)).status).toBe(401);
  const second = await makeToken(owner, ["files:read"]);
  expect((await bearer(second).get(`/api/files/${fileId}/download`)).status).toBe(200);
  await owner.client.callAction("/settings", ACTION_FILES.settings, "signOutEverywhereAction", [{}]);
  expect((await bearer(second).get(`/api/files/${fileId}/download`)).status).toBe(401);
  expect(await db.apiToken.count({ where: { userId: owner.id, revokedAt: null } })).toBe(0);
});

it("records creation, use from a new network and revocation in the audit trail, and never reaches the log", async () => {
  const owner = await member(server);
  const fileId = (await uploadFile(owner, "c.txt", Buffer.from("c"))).id;
  const token = await makeToken(owner, ["files:read"], "30", "backup script");
  for (const address of ["198.51.100.7", "198.51.100.8", "203.0.113.9"])
    expect((await bearer(token, address).get(`/api/files/${fileId}/download`)).status).toBe(200);
  const row = await db.apiToken.findFirstOrThrow({ where: { userId: owner.id, name: "backup script" } });
  expect(row.lastUsedNetwork).toBe("203.0.113.0/24");
  await owner.client.callAction("/settings", ACTION_FILES.settingsTokens, "revokeTokenAction", [{ tokenId: row.id }]);
  const events = await db.auditEvent.findMany({
    where: { userId: owner.id, kind: { startsWith: "token." } },
    orderBy: { createdAt: "asc" },
  });
  expect(events.map((event) => [event.kind, event.address])).toEqual([
    ["token.created", expect.any(String)],
    ["token.used_from_new_network", "198.51.100.0/24"],
    ["token.used_from_new_network", "203.0.113.0/24"],
    ["token.revoked", expect.any(String)],
  ]);
  expect(events.every((event) => event.peer === "backup script")).toBe(true);
  expect(JSON.stringify(events)).not.toContain(token.slice(11));
  // Nowhere in the server's output (requests, errors, audit lines), however it was used.
  expect(server.logs()).not.toContain(token.slice(11));
  const settings = await (await owner.client.get("/settings?activity=account")).text();
  expect(settings).toContain("was used from a new network");
});
