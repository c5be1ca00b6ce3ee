// What every answer of the production server carries: the page CSP with a fresh nonce on every script,
// the security headers, safe download headers, link pages kept out of Referer and search engines,
// 404 and 500 answers that tell nothing about the server, and cross-site uploads refused.
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { RecordingClient, type RecordedResponse } from "../../support/recording-client";
import { createUser } from "../../support/factories";
import { multipartBody, storageState, uploadOk, waitFor, type UploadedFile } from "../../support/upload";
import { removeStoredBlob, storedBlobs, unfinishedWrites } from "../../support/storage";
import { createLink, unknownToken, type CreatedLink, type Member } from "../../support/sharing";

jest.setTimeout(120_000);

const ONE_YEAR = 365 * 24 * 60 * 60;

let server: TestServer;
const record: RecordedResponse[] = [];
let owner: Member;
let anonymous: RecordingClient;
let file: UploadedFile;
let link: CreatedLink;
const content = Buffer.from("the quarterly numbers nobody else may read\n");

async function signedIn(): Promise<Member> {
  const user = await createUser();
  const client = new RecordingClient(server.url, record);
  if (!(await client.signIn(user.username, user.password))) throw new Error("sign-in failed");
  return { ...user, client };
}

beforeAll(async () => {
  server = await startServer();
  owner = await signedIn();
  anonymous = new RecordingClient(server.url, record);
  [file] = await uploadOk(owner.client, [{ filename: "quarterly-numbers.txt", data: content }]);
  link = await createLink(owner, file.id);
});

afterAll(async () => {
  await server?.stop();
});

// Checked after each test for every answer it received, whatever the route: Next.js must not announce itself.
afterEach(() => {
  const announced = record.splice(0).filter((r) => r.headers.has("x-powered-by"));
  expect(announced.map((r) => `${r.method} ${r.path}`)).toEqual([]);
});

function directives(policy: string | null): Map<string, string[]> {
  expect(policy).toBeTruthy();
  return new Map(
    policy!
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

/** The page's CSP nonce, after checking the policy around it and that every script tag carries it. */
async function pageNonce(response: Response): Promise<string> {
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  const policy = directives(response.headers.get("content-security-policy"));
  const scriptSrc = policy.get("script-src") ?? [];
  const nonces = scriptSrc.filter((v) => /^'nonce-.+'$/.test(v));
  expect(nonces).toHaveLength(1);
  const nonce = nonces[0].slice("'nonce-".length, -1);
  // 16 random bytes in base64.
  expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(scriptSrc).toContain("'strict-dynamic'");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'none'"]);
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(policy.get("form-action")).toEqual(["'self'"]);
  expect(policy.get("default-src")).toEqual(["'self'"]);

  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  const withoutNonce = scripts.filter((tag) => !tag.includes(` nonce="${nonce}"`));
  expect(withoutNonce).toEqual([]);
  return nonce;
}

function expectSecurityHeaders(response: Response, referrerPolicy = "strict-origin-when-cross-origin") {
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe(referrerPolicy);
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  const permissions = response.headers.get("permissions-policy") ?? "";
  for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) expect(permissions).toContain(`${feature}=()`);
  const hsts = /max-age=(\d+)/.exec(response.headers.get("strict-transport-security") ?? "");
  expect(Number(hsts?.[1])).toBeGreaterThanOrEqual(ONE_YEAR);
  expect(response.headers.has("x-powered-by")).toBe(false);
}

/** Nothing that describes the server: file paths, stack frames, database or framework internals. */
function expectNothingInternal(body: string) {
  for (const leak of [process.cwd(), process.env.STORAGE_DIR!, "node_modules", "/tmp/", ".next/server", "webpack"]) {
    expect(body).not.toContain(leak);
  }
  expect(body).not.toMatch(/\bat [^\s()]+ \([^\s()]+:\d+:\d+\)/); // a stack frame
  expect(body).not.toMatch(/\b(prisma|sqlite|SQL|SELECT|P20\d\d|ENOENT|TypeError|ReferenceError)\b/i);
}

describe("pages", () => {
  it("/login has a CSP whose nonce is new on every request and is on every script tag", async () => {
    const first = await anonymous.get("/login");
    const second = await anonymous.get("/login");
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expectSecurityHeaders(first);
    const [a, b] = [await pageNonce(first), await pageNonce(second)];
    expect(a).not.toBe(b);
  });

  it.each<[string, () => string, boolean]>([
    ["the landing page", () => "/", false],
    ["the registration page", () => "/register", false],
    ["the dashboard", () => "/dashboard", true],
    ["a file page", () => `/files/${file.id}`, true],
    ["the settings page", () => "/settings", true],
  ])("%s has the same CSP and security headers", async (_name, target, signedInVisit) => {
    const response = await (signedInVisit ? owner.client : anonymous).get(target());
    expect(response.status).toBe(200);
    expectSecurityHeaders(response);
    await pageNonce(response);
  });

  it("a link page keeps its token out of Referer headers and search engines", async () => {
    const response = await anonymous.get(link.path);
    expect(response.status).toBe(200);
    expectSecurityHeaders(response, "no-referrer");
    expect(response.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    await pageNonce(response);

    const missing = await anonymous.get(`/s/${unknownToken("responses")}`);
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, "no-referrer");
    expect(missing.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(await missing.text()).toContain("Link not available");
  });

  it("a page that does not exist answers a generic 404 page", async () => {
    const response = await anonymous.get("/no/such/page");
    expect(response.status).toBe(404);
    expectSecurityHeaders(response);
    // Rendered for this request, so its scripts carry this request's nonce (a prerendered one's carry none).
    await pageNonce(response.clone());
    const html = await response.text();
    expect(html).toContain("Page not found");
    expectNothingInternal(html);
  });

  it("the 404 page of a signed-in user carries its request's nonce too", async () => {
    const first = await owner.client.get("/no/such/page");
    const second = await owner.client.get("/no/such/page");
    expect([first.status, second.status]).toEqual([404, 404]);
    expect(await pageNonce(first)).not.toBe(await pageNonce(second));
  });

  it("another user's file page is the same generic 404, without the file's name", async () => {
    const other = await signedIn();
    const response = await other.client.get(`/files/${file.id}`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("Page not found");
    expect(html).not.toContain("quarterly-numbers");
    expectNothingInternal(html);
  });
});

describe("Auth.js's own endpoints", () => {
  it.each([
    ["GET", "/api/auth/signin"],
    ["GET", "/api/auth/signin/credentials"],
    ["GET", "/api/auth/signout"],
    ["POST", "/api/auth/signout"],
    ["GET", "/api/auth/error"],
    ["GET", "/api/auth/error?error=Configuration"],
    ["GET", "/api/auth/verify-request"],
    ["GET", "/api/auth/providers"],
    ["POST", "/api/auth/session"],
    ["POST", "/api/auth/callback/handoff"],
    ["GET", "/api/auth/callback/credentials"],
  ])("%s %s answers a plain 404 (Coffer has pages of its own)", async (method, target) => {
    const response = await anonymous.fetch(target, {
      method,
      ...(method === "POST" ? { body: new URLSearchParams({ ticket: "x" }) } : {}),
    });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toBe("Not found.");
  });

  it("the endpoints Coffer uses still answer: session, csrf and the credentials callback", async () => {
    expect(await (await owner.client.get("/api/auth/session")).json()).toMatchObject({ user: { id: owner.id } });
    const csrf = await anonymous.get("/api/auth/csrf");
    expect(csrf.status).toBe(200);
    expect(await csrf.json()).toEqual({ csrfToken: expect.any(String) });
    const user = await createUser();
    expect(await new RecordingClient(server.url, record).signIn(user.username, user.password)).toBe(true);
  });
});

describe("downloads", () => {
  function expectSafeDownload(response: Response) {
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBe("sandbox");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="?quarterly-numbers\.txt"?($|;)/);
    expect(response.headers.get("cache-control")).toContain("no-store");
    expect(response.headers.has("x-powered-by")).toBe(false);
  }

  it("the owner's download is a sandboxed, unsniffable attachment", async () => {
    const response = await owner.client.get(`/api/files/${file.id}/download`);
    expectSafeDownload(response);
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
  });

  it("a link download is the same, and sends no Referer and no indexing", async () => {
    const response = await anonymous.get(link.downloadPath);
    expectSafeDownload(response);
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
  });
});

describe("a failure inside a route handler", () => {
  let broken: UploadedFile;
  let brokenLink: CreatedLink;
  let storageKey: string;

  beforeAll(async () => {
    [broken] = await uploadOk(owner.client, [{ filename: "lost-blob.txt", data: Buffer.from("bytes that will be lost") }]);
    brokenLink = await createLink(owner, broken.id);
    ({ storageKey } = await db.file.findUniqueOrThrow({ where: { id: broken.id }, select: { storageKey: true } }));
    await removeStoredBlob(storageKey);
  });

  // A signed-in user's client reads JSON; a link visitor's browser shows the text as it is.
  it.each([
    ["the owner's download", () => owner.client.get(`/api/files/${broken.id}/download`), "json"],
    ["a link download", () => anonymous.get(brokenLink.downloadPath), "text"],
  ] as const)("%s answers 500 with a generic message and nothing about the server", async (_name, request, format) => {
    const response = await request();
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toMatch(format === "json" ? /^application\/json/ : /^text\/plain; charset=utf-8$/);
    expect(response.headers.get("content-disposition")).toBeNull();
    expect(response.headers.has("x-powered-by")).toBe(false);
    const body = await response.text();
    expect(format === "json" ? JSON.parse(body) : body).toEqual(
      format === "json" ? { error: "This file cannot be read right now." } : "This file cannot be read right now.",
    );
    expect(body).not.toContain(storageKey);
    expect(body).not.toContain(broken.id);
    expectNothingInternal(body);
  });

  it("the details go to the server log instead", async () => {
    const logged = () =>
      server
        .logs()
        .split("\n")
        .filter((line) => line.includes("blob missing or wrong size") && line.includes(broken.id)).length;
    const before = logged();
    expect((await owner.client.get(`/api/files/${broken.id}/download`)).status).toBe(500);
    await waitFor(() => logged() > before);
    expect(logged()).toBe(before + 1);
  });
});

describe("cross-site uploads", () => {
  const sameOrigin = () => new URL(server.url).origin;

  async function post(headers: Record<string, string>, name: string) {
    const { body, contentType } = multipartBody([{ filename: name, data: Buffer.from(`upload ${name}\n`) }]);
    return owner.client.post("/api/files", new Uint8Array(body), { headers: { "content-type": contentType, ...headers } });
  }

  type Headers = (origin: string) => Record<string, string>;

  it.each<[string, Headers]>([
    ["a foreign Origin", () => ({ origin: "https://evil.example" })],
    // The server trusts no proxy here: a client's own X-Forwarded-Host cannot make a foreign Origin look like ours.
    ["a foreign Origin and a matching X-Forwarded-Host", () => ({ origin: "https://evil.example", "x-forwarded-host": "evil.example" })],
    ["Sec-Fetch-Site: cross-site", () => ({ "sec-fetch-site": "cross-site" })],
    ["Sec-Fetch-Site: cross-site with our own Origin", (origin) => ({ "sec-fetch-site": "cross-site", origin })],
    ["Sec-Fetch-Site: same-site (a sibling subdomain)", () => ({ "sec-fetch-site": "same-site" })],
    ["an opaque Origin (null)", () => ({ origin: "null" })],
    ["the same server under another host name", (origin) => ({ origin: origin.replace("localhost", "127.0.0.1") })],
  ])("with %s is refused 403 and stores nothing", async (_name, given) => {
    const headers = given(sameOrigin());
    const before = await storageState(owner.id);
    const response = await post(headers, "cross-site.txt");
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: "Cross-site requests are not allowed." });
    await waitFor(async () => (await unfinishedWrites()).length === 0);
    expect(await unfinishedWrites()).toEqual([]);
    expect(await storedBlobs()).toEqual(before.blobs);
    const after = await storageState(owner.id);
    expect(after.fileRows).toBe(before.fileRows);
    expect(after.storageUsed).toBe(before.storageUsed);
    expect(await db.file.count({ where: { name: "cross-site.txt" } })).toBe(0);
  });

  it.each<[string, Headers]>([
    ["our own Origin", (origin) => ({ origin })],
    ["Sec-Fetch-Site: same-origin", (origin) => ({ "sec-fetch-site": "same-origin", origin })],
    ["neither header (a script, not a browser)", () => ({})],
  ])("with %s is accepted", async (name, given) => {
    const headers = given(sameOrigin());
    const filename = `same-origin-${name.replace(/\W+/g, "-")}.txt`;
    const response = await post(headers, filename);
    expect(response.status).toBe(201);
    const { files } = (await response.json()) as { files: UploadedFile[] };
    expect(files.map((f) => f.name)).toEqual([filename]);
    expect(await db.file.count({ where: { id: files[0].id, ownerId: owner.id } })).toBe(1);
  });
});
