// Every answer of the server carries the security headers, whoever makes it (Next.js's own 404 under /api, static files,
// the image optimizer, the custom server's own 400s); methods Coffer does not serve answer 405 without a stack trace in
// the log; a body too large for an action or a route answers 413; a request line in absolute form is refused instead of
// redirected to the host it names. Raw HTTP over a socket, since fetch cannot send most of these.
import net from "node:net";
import { startServer, type TestServer } from "../../support/server";
import { member } from "../../support/sharing";
import { ACTION_FILES } from "../../support/action-files";
import { actionId } from "../../support/server-actions";

jest.setTimeout(120_000);

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

type RawAnswer = { status: number; headers: Map<string, string>; body: string };

/** Sends `head` (and `body`) as written and reads the answer until the server closes the connection. */
function raw(head: string, body: Buffer | string = ""): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const [headText, ...rest] = text.split("\r\n\r\n");
      const [statusLine, ...lines] = headText.split("\r\n");
      const status = Number(statusLine.split(" ")[1]);
      if (!status) return reject(new Error(`no answer to ${head.split("\r\n")[0]}: ${JSON.stringify(text.slice(0, 200))}`));
      const headers = new Map(
        lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
      );
      resolve({ status, headers, body: rest.join("\r\n\r\n") });
    });
    socket.write(`${head}\r\nHost: localhost:${server.port}\r\nConnection: close\r\n\r\n`);
    if (body.length) socket.write(body);
    setTimeout(() => socket.end(), 5_000).unref();
  });
}

const SECURITY_HEADERS = ["content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy", "x-frame-options"];

function expectSecurityHeaders(answer: RawAnswer, what: string) {
  const missing = SECURITY_HEADERS.filter((name) => !answer.headers.has(name));
  expect({ what, missing }).toEqual({ what, missing: [] });
  expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
  expect(answer.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
  expect(answer.headers.has("x-powered-by")).toBe(false);
}

describe("security headers", () => {
  it.each([
    ["Next.js's 404 under /api", "GET /api/nothing-here HTTP/1.1", 404],
    ["a name beside the favicon", "GET /favicon.ico.bak HTTP/1.1", 404],
    ["the image optimizer", "GET /_next/image?url=x HTTP/1.1", 400],
    ["Node's own refusal of a method HTTP does not know", "TRACK /login HTTP/1.1", 400],
    ["Node's own refusal of a request line it cannot parse", "GET evil.example:80 HTTP/1.1", 400],
    ["a static file that does not exist", "GET /_next/static/nothing.js HTTP/1.1", 404],
    ["the custom server's own 400 for bad percent-encoding", "GET /%zz HTTP/1.1", 400],
    ["a page", "GET /login HTTP/1.1", 200],
  ])("are on %s", async (what, line, status) => {
    const answer = await raw(line);
    expect(answer.status).toBe(status);
    expectSecurityHeaders(answer, what);
  });

  it("are on a static file that exists", async () => {
    const page = await raw("GET /login HTTP/1.1");
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const answer = await raw(`GET ${script} HTTP/1.1`);
    expect(answer.status).toBe(200);
    expectSecurityHeaders(answer, script!);
    // A script may be started as a worker (the PDF preview's PDF.js), which runs under this CSP: it may load the app's
    // other scripts and nothing else.
    expect(answer.headers.get("content-security-policy")).toBe(
      "default-src 'none'; script-src 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
  });
});

describe("methods", () => {
  it.each(["TRACE / HTTP/1.1", "TRACE /api/files HTTP/1.1", "PROPFIND / HTTP/1.1", "PUT /login HTTP/1.1", "DELETE /dashboard HTTP/1.1"])(
    "%s answers 405 with Allow and the headers, and logs no failure",
    async (line) => {
      const before = server.logs().length;
      const answer = await raw(line);
      expect(answer.status).toBe(405);
      expect(answer.headers.get("allow")).toMatch(/GET/);
      expectSecurityHeaders(answer, line);
      const logged = server.logs().slice(before);
      expect(logged).not.toMatch(/"level":50/);
      expect(logged).not.toMatch(/at .*\.js:\d+/);
    },
  );

  it.each(["OPTIONS /_next/static/chunks/x.js HTTP/1.1", "OPTIONS / HTTP/1.1", "OPTIONS * HTTP/1.1", "OPTIONS /login HTTP/1.1"])(
    "%s answers 204 with Allow",
    async (line) => {
      const answer = await raw(line);
      expect(answer.status).toBe(204);
      expect(answer.headers.get("allow")).toMatch(/GET/);
      expectSecurityHeaders(answer, line);
    },
  );

  it("a route handler still answers OPTIONS itself", async () => {
    const answer = await raw("OPTIONS /api/files HTTP/1.1");
    expect(answer.status).toBe(204);
    expect(answer.headers.get("allow")).toContain("POST");
  });
});

describe("request lines and bodies", () => {
  it("a request line in absolute form is refused, never redirected to the host it names", async () => {
    for (const line of ["GET http://evil.example/login HTTP/1.1", "GET https://evil.example/ HTTP/1.1", "GET evil.example:80 HTTP/1.1"]) {
      const answer = await raw(line);
      expect(answer.status).toBe(400);
      expect(answer.headers.get("location")).toBeUndefined();
      expect(answer.body).not.toContain("evil.example");
      expectSecurityHeaders(answer, line);
    }
  });

  it("a server action body over 1 MiB answers 413, and one just under works", async () => {
    const user = await member(server);
    const cookie = (await user.client.fetch("/settings")).ok ? sessionCookieHeader(user.client) : "";
    const action = actionId(ACTION_FILES.settings, "setThemeAction");
    const send = (body: string) =>
      raw(
        [
          "POST /settings HTTP/1.1",
          `Cookie: ${cookie}`,
          `Next-Action: ${action}`,
          "Accept: text/x-component",
          "Content-Type: text/plain;charset=UTF-8",
          `Origin: http://localhost:${server.port}`,
          `Content-Length: ${Buffer.byteLength(body)}`,
        ].join("\r\n"),
        body,
      );
    const padding = (size: number) => JSON.stringify([{ theme: "dark", padding: "x".repeat(size) }]);
    const tooLarge = await send(padding(1024 * 1024 + 10));
    expect(tooLarge.status).toBe(413);
    expectSecurityHeaders(tooLarge, "413");
    expect((await send(padding(1000))).status).toBe(200);
    expect(server.logs()).not.toMatch(/Body exceeded/);
  });

  it("a body of unknown length to anything but an upload answers 411; a large one to Auth.js answers 413", async () => {
    const chunked = await raw(
      [
        "POST /api/auth/callback/credentials HTTP/1.1",
        "Transfer-Encoding: chunked",
        "Content-Type: application/x-www-form-urlencoded",
      ].join("\r\n"),
      "5\r\nhello\r\n0\r\n\r\n",
    );
    expect(chunked.status).toBe(411);
    expectSecurityHeaders(chunked, "411");
    const large = await raw(
      [
        "POST /api/auth/callback/credentials HTTP/1.1",
        `Content-Length: ${2 * 1024 * 1024}`,
        "Content-Type: application/x-www-form-urlencoded",
      ].join("\r\n"),
      "identifier=x&",
    );
    expect(large.status).toBe(413);
  });
});

function sessionCookieHeader(client: { cookie(name: string): { value: string } | undefined }): string {
  const names = ["authjs.session-token", "__Secure-authjs.session-token"];
  return names
    .filter((name) => client.cookie(name))
    .map((name) => `${name}=${client.cookie(name)!.value}`)
    .join("; ");
}
