// Redirects and URLs when the visitor's host name is not the server's own (a reverse proxy, a real domain).
// The server listens on localhost:<port>, is told its public origin in APP_URL, and is reached with a third
// Host header: no Location and no cookie may carry localhost:<port> or the Host header's name. Same-site
// redirects are relative; the one absolute URL Coffer shows (a new link) carries APP_URL.
import http from "node:http";
import { startServer, type TestServer } from "../../support/server";
import { createLink, createLinkResult, member, uploadFile, type Member } from "../../support/sharing";
import { actionRequest } from "../../support/server-actions";
import { ACTION_FILES } from "../../support/action-files";

const APP_URL = "https://files.example.org";
const VISITOR_HOST = "coffer.visitor.test:8443";

let server: TestServer;
let owner: Member;
let fileId: string;

beforeAll(async () => {
  server = await startServer({ env: { APP_URL } });
  owner = await member(server);
  fileId = (await uploadFile(owner, "origin.txt", Buffer.from("which name is mine?\n"))).id;
});

afterAll(async () => {
  await server?.stop();
});

type Answer = { status: number; location: string | undefined; cookies: string[]; body: string; headers: http.IncomingHttpHeaders };

/** One request with the visitor's Host header (fetch cannot send one of its own). */
function viaHost(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: server.port, path, method: opts.method ?? "GET", headers: { ...opts.headers, host: VISITOR_HOST } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            location: response.headers.location,
            cookies: response.headers["set-cookie"] ?? [],
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(opts.body);
  });
}

/** Neither the server's own name nor the visitor's Host header appears in a Location or a cookie. */
function expectNoServerName(answer: Answer) {
  for (const value of [answer.location ?? "", ...answer.cookies]) {
    const decoded = decodeURIComponent(value);
    expect(decoded).not.toContain(`localhost:${server.port}`);
    expect(decoded).not.toContain(`127.0.0.1:${server.port}`);
    expect(decoded).not.toContain(VISITOR_HOST);
  }
}

const cookieValue = (answer: Answer, name: string) => {
  const line = answer.cookies.find((c) => c.startsWith(`${name}=`));
  return line === undefined ? undefined : decodeURIComponent(line.slice(name.length + 1).split(";")[0]);
};

const sessionCookie = () => {
  const cookie = owner.client.sessionCookie()!;
  return `${cookie.name}=${cookie.value}`;
};

it("a locked link's download sends the visitor back to the link page with a relative Location", async () => {
  const link = await createLink(owner, fileId, { password: "a link password" });
  const answer = await viaHost(link.downloadPath);
  expect(answer.status).toBe(303);
  expect(answer.location).toBe(link.path);
  expectNoServerName(answer);
});

it("a private page sends an anonymous visitor to the sign-in page with a relative Location", async () => {
  const answer = await viaHost("/files/abc?tab=links");
  expect(answer.status).toBe(307);
  expect(answer.location).toBe("/login?next=%2Ffiles%2Fabc");
  expectNoServerName(answer);
});

it("a page's own redirect is relative", async () => {
  for (const path of ["/login", "/"]) {
    const answer = await viaHost(path, { headers: { cookie: sessionCookie() } });
    expect(answer.status).toBe(307);
    expect(answer.location).toBe("/dashboard");
    expectNoServerName(answer);
  }
});

describe("Auth.js", () => {
  it("names the public origin in its callback-url cookie", async () => {
    const answer = await viaHost("/api/auth/csrf");
    expect(answer.status).toBe(200);
    expect(cookieValue(answer, "authjs.callback-url")).toBe(APP_URL);
    expectNoServerName(answer);
  });

  it("redirects with relative Locations, signed in or refused", async () => {
    const csrf = await viaHost("/api/auth/csrf");
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const cookie = csrf.cookies.map((line) => line.split(";")[0]).join("; ");
    const signIn = (password: string) =>
      viaHost("/api/auth/callback/credentials", {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ identifier: owner.username, password, csrfToken }).toString(),
      });

    const accepted = await signIn(owner.password);
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe("/");
    expect(accepted.cookies.some((line) => /^authjs\.session-token=[^;]+/.test(line))).toBe(true);
    expectNoServerName(accepted);

    const refused = await signIn("not the password");
    expect(refused.status).toBe(302);
    expect(refused.location).toMatch(/^\/login\?error=CredentialsSignin&code=invalid$/);
    expectNoServerName(refused);

    // A callback-url cookie that names a site path (as Auth.js now writes it) is taken as it is.
    const again = await viaHost("/api/auth/callback/credentials", {
      method: "POST",
      headers: {
        cookie: cookie.replace(/authjs\.callback-url=[^;]*/, "authjs.callback-url=%2Fsettings"),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ identifier: owner.username, password: owner.password, csrfToken }).toString(),
    });
    expect(again.location).toBe("/settings");
    expectNoServerName(again);

    // Auth.js's own sign-in page answers 404 (Coffer has its own): no redirect at all, so none to a server name.
    const signInPage = await viaHost("/api/auth/signin");
    expect(signInPage.status).toBe(404);
    expect(signInPage.location).toBeUndefined();
    expectNoServerName(signInPage);
  });
});

it("the sign-in action keeps Auth.js's callback-url cookie a path, whatever the Host header said", async () => {
  const input = { identifier: owner.username, password: owner.password, next: "/settings" };
  const { body, headers } = actionRequest(ACTION_FILES.login, "signInAction", [input], {
    origin: `http://${VISITOR_HOST}`,
    referer: `http://${VISITOR_HOST}/login?next=%2Fsettings`,
  });
  const answer = await viaHost("/login", { method: "POST", headers: headers as Record<string, string>, body: body as string });
  expect(answer.status).toBe(200);
  // The action's own redirect is a path too.
  expect(answer.headers["x-action-redirect"]).toBe("/settings;push");
  expect(answer.cookies.some((line) => /^authjs\.session-token=[^;]+/.test(line))).toBe(true);
  expect(cookieValue(answer, "authjs.callback-url")).toBe("/login?next=%2Fsettings");
  expectNoServerName(answer);
});

it("the new link's URL carries APP_URL, whatever name the owner's request came in by", async () => {
  const result = await createLinkResult(owner.client, fileId);
  if (!result.ok) throw new Error(result.error);
  expect(result.data.path).toMatch(/^\/s\/[A-Za-z0-9_-]{32}$/);
  expect(result.data).toEqual({ path: result.data.path, url: `${APP_URL}${result.data.path}` });
});
