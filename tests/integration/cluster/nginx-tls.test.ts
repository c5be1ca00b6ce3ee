// A real nginx (Debian's, 1.22) with TLS in front of two production nodes (issue 21), on the configuration
// docs/deploy.md shows: deploy/nginx/coffer.conf, filled in by scripts/nginx-config.mjs, with a throwaway
// self-signed certificate that only this test's clients trust. Every request goes over HTTP/2 (the client offers
// nothing else), through nginx's upstream of both nodes: a sign-in with __Secure- cookies and Coffer's HSTS; an
// upload many times larger than nginx's buffers, streamed through (nginx spools nothing to its disk, both ways);
// the download byte-exact, whole and by Range; a server action and a public link (APP_URL is nginx's origin); a
// file over MAX_FILE_SIZE refused by Coffer, not by nginx; and in the audit trail the address nginx forwarded.
// nginx missing: the tests are skipped, and say so (.ci/run installs it). Runs in each configuration.
import tls from "node:tls";
import { db } from "@/lib/db";
import { LOOPBACK_NETWORK } from "@/lib/client-address";
import { freePort } from "../../../scripts/throwaway-server.mjs";
import { startServer, type TestServer } from "../../support/server";
import { nginxBinary, startNginx, type TestNginx } from "../../support/nginx";
import { http2Transport, type Http2Transport } from "../../support/http2-fetch";
import { Client } from "../../support/http-client";
import { createUser } from "../../support/factories";
import { createLinkResult, type Member } from "../../support/sharing";
import { bytesOf, sha256 } from "../../support/sample-files";
import { download, readBody, upload, uploadOk, waitFor } from "../../support/upload";

jest.setTimeout(180_000);

const MB = 1024 * 1024;
const MAX_FILE_SIZE = 16 * MB;
const HSTS = "max-age=31536000; includeSubDomains";
// nginx's warning when it writes a request or response body to its temporary folder instead of streaming it.
const SPOOLED = /buffered to a temporary file/;

const binary = nginxBinary();
if (!binary) {
  console.warn(
    "nginx is not installed (looked in /usr/sbin, /usr/local/sbin and PATH): the nginx-with-TLS tests are SKIPPED. " +
      "Install it (Debian: apt-get install nginx) to run them; .ci/run does.",
  );
}
const describeWithNginx = binary ? describe : describe.skip;

describeWithNginx(`nginx with TLS in front of two nodes${binary ? "" : " (skipped: nginx is not installed)"}`, () => {
  let a: TestServer;
  let b: TestServer;
  let nginx: TestNginx;
  // A client on this machine that the nodes trust as they trust nginx (127.0.0.1): as a proxy in front of nginx
  // would be, so the address it forwards is believed. And a client from 127.0.0.2, which nobody trusts.
  let trusted: Http2Transport;
  let untrusted: Http2Transport;

  beforeAll(async () => {
    // nginx's port first: it is the nodes' public origin.
    const [port, httpPort] = [await freePort(), await freePort()];
    const env = {
      APP_URL: `https://localhost:${port}`,
      // nginx connects to the nodes from 127.0.0.1; nobody else is a proxy to them.
      TRUSTED_PROXIES: "127.0.0.1",
      MAX_FILE_SIZE: String(MAX_FILE_SIZE),
      // As docs/deploy.md says: unset, so production's default (secure, __Secure- cookies) holds.
      COOKIE_SECURE: undefined,
    };
    [a, b] = await Promise.all(["node-a", "node-b"].map((name) => startServer({ env: { ...env, NODE_NAME: name } })));
    nginx = await startNginx({ binary: binary!, port, httpPort, nodes: [a, b], maxFileSize: MAX_FILE_SIZE });
    trusted = http2Transport({ ca: nginx.ca, localAddress: "127.0.0.1" });
    untrusted = http2Transport({ ca: nginx.ca, localAddress: "127.0.0.2" });
  });

  afterAll(async () => {
    await Promise.all([trusted?.close(), untrusted?.close()]);
    await nginx?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  /** A browser behind `transport`, at nginx's address; `forwardedFor` is what it claims in X-Forwarded-For. */
  const browser = (transport: Http2Transport, forwardedFor?: string) =>
    new Client(nginx.url, { fetch: transport.fetch, headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} });

  async function signedIn(transport: Http2Transport, forwardedFor?: string): Promise<Member> {
    const user = await createUser();
    const client = browser(transport, forwardedFor);
    expect(await client.signIn(user.username, user.password)).toBe(true);
    return { ...user, client };
  }

  const signInAddresses = async (userId: string) =>
    (await db.auditEvent.findMany({ where: { userId, kind: "auth.sign_in" }, select: { address: true } })).map(({ address }) => address);

  it("negotiates HTTP/2 with a client that offers HTTP/1.1 too, on a certificate the client verifies, and passes Coffer's HSTS once", async () => {
    const socket = tls.connect({
      host: "127.0.0.1",
      port: nginx.port,
      servername: "localhost",
      ca: nginx.ca,
      ALPNProtocols: ["h2", "http/1.1"],
    });
    await new Promise<void>((resolve, reject) => socket.once("secureConnect", resolve).once("error", reject));
    expect(socket.authorized).toBe(true);
    expect(socket.alpnProtocol).toBe("h2");
    socket.destroy();

    // The same client without the certificate refuses the connection: verification is on.
    const stranger = tls.connect({ host: "127.0.0.1", port: nginx.port, servername: "localhost", ALPNProtocols: ["h2"] });
    const refusal = await new Promise<Error>((resolve) =>
      stranger.once("error", resolve).once("secureConnect", () => resolve(new Error("connected"))),
    );
    stranger.destroy();
    expect(refusal.message).toMatch(/self[- ]signed/i);

    const login = await browser(trusted).get("/login");
    expect(login.status).toBe(200);
    await login.arrayBuffer();
    expect(login.headers.get("strict-transport-security")).toBe(HSTS);
    expect(login.headers.get("server")).toMatch(/^nginx/);
  });

  it("signs in with __Secure- cookies, and records in the audit trail the address nginx forwarded, not one a client made up", async () => {
    // From 127.0.0.1, which the nodes trust: the chain "203.0.113.77, 127.0.0.1" that nginx forwards is believed
    // up to 203.0.113.77. (On one machine every other address is loopback, stored as LOOPBACK_NETWORK like nginx's.)
    const behindProxy = await signedIn(trusted, "203.0.113.77");
    const session = behindProxy.client.sessionCookie();
    expect(session?.name).toBe("__Secure-authjs.session-token");
    expect(session).toMatchObject({ secure: true, httpOnly: true });
    expect(behindProxy.client.lastSetCookies.length).toBeGreaterThan(0);
    for (const line of behindProxy.client.lastSetCookies) {
      expect(line.split("=")[0]).toMatch(/^__(Secure|Host)-/);
      expect(line).toMatch(/;\s*Secure/i);
    }
    expect((await behindProxy.client.session())?.user?.username).toBe(behindProxy.username);
    expect(await signInAddresses(behindProxy.id)).toEqual(["203.0.113.0/24"]);

    // From 127.0.0.2, which nobody trusts: nginx appends 127.0.0.2 to what it claims, and that is where the walk
    // stops. A configuration that passed the client's header on as it came would record 198.51.100.0/24.
    const claiming = await signedIn(untrusted, "198.51.100.88");
    expect(await signInAddresses(claiming.id)).toEqual([LOOPBACK_NETWORK]);
  });

  it("streams an upload many times nginx's buffers through to a node, and serves it byte-exact, whole and by range", async () => {
    const owner = await signedIn(trusted);
    const size = 12 * MB + 4_321;
    const data = bytesOf("through-nginx", size);
    const [file] = await uploadOk(owner.client, [{ filename: "through nginx.bin", data }]);
    expect(file.size).toBe(size);
    expect(file.sha256).toBe(sha256(data));

    // Held for a moment before it is read: nginx with proxy buffering would fill its temporary folder meanwhile.
    const response = await owner.client.fetch(`/api/files/${file.id}/download`);
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBe(size);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const whole = await readBody(response);
    expect(whole.error).toBeUndefined();
    expect(whole.received).toBe(size);
    expect(whole.sha256).toBe(sha256(data));

    const start = 5 * MB - 17;
    const end = start + 300_000 - 1;
    const ranged = await download(owner.client, file.id, { headers: { range: `bytes=${start}-${end}` } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes ${start}-${end}/${size}`);
    expect(ranged.bytes!.equals(data.subarray(start, end + 1))).toBe(true);

    // Neither body went through nginx's disk: proxy_request_buffering off and proxy_buffering off.
    expect(nginx.logs()).not.toMatch(SPOOLED);
    // nginx spread the requests over its upstream: both nodes answered some.
    expect(
      await waitFor(() => nginx.accessLog().includes(`127.0.0.1:${a.port}`) && nginx.accessLog().includes(`127.0.0.1:${b.port}`)),
    ).toBe(true);
  });

  it("runs a server action through nginx and hands out links on nginx's origin, which a visitor downloads through it", async () => {
    const owner = await signedIn(trusted);
    const data = bytesOf("linked", 3 * MB + 5);
    const [file] = await uploadOk(owner.client, [{ filename: "linked.bin", data }]);
    // The action's Origin (https://localhost:<port>) must match the host nginx passes on, port included.
    const result = await createLinkResult(owner.client, file.id, {});
    if (!result.ok) throw new Error(`createLinkAction refused: ${result.error}`);
    expect(result.data.url.startsWith(`${nginx.url}/s/`)).toBe(true);

    const visitor = browser(untrusted);
    const fetched = await readBody(await visitor.get(`${new URL(result.data.url).pathname}/download`));
    expect(fetched.status).toBe(200);
    expect(fetched.sha256).toBe(sha256(data));
  });

  it("lets a file over MAX_FILE_SIZE through to Coffer, which refuses it with its own answer", async () => {
    const owner = await signedIn(trusted);
    const response = await upload(owner.client, [{ filename: "too large.bin", data: bytesOf("too-large", MAX_FILE_SIZE + 1) }]);
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    // Coffer's JSON, not nginx's HTML page "413 Request Entity Too Large".
    expect(((await response.json()) as { error: string }).error).toBe("The file is larger than the 16 MiB limit.");
    expect(await db.file.count({ where: { ownerId: owner.id } })).toBe(0);
  });
});
