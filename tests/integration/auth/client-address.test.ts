// The client's address and the forwarded headers, end to end: TRUSTED_PROXIES decides whose X-Forwarded-*
// headers count. What the server decided shows in the audit trail (addresses cut to /24 or /48) and in
// which Origin the upload route takes for this site's own.
import http from "node:http";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { Client } from "../../support/http-client";
import { createUser } from "../../support/factories";
import { member } from "../../support/sharing";
import { multipartBody } from "../../support/upload";

jest.setTimeout(180_000);

/** Signs a new user in with these headers and answers the address the audit trail kept for the sign-in. */
async function recordedAddress(server: TestServer, headers: Record<string, string>): Promise<string | null> {
  const user = await createUser();
  expect(await new Client(server.url, { headers }).signIn(user.username, user.password)).toBe(true);
  const event = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, kind: "auth.sign_in" } });
  return event.address;
}

/**
 * An upload from a signed-in user whose browser says it is on `site` (Origin), with the forwarded headers a
 * proxy for that site would add. The upload route refuses requests whose Origin is not the host it was asked
 * for, and that host comes from X-Forwarded-Host when the server believes it.
 */
async function uploadFrom(server: TestServer, site: string): Promise<number> {
  const owner = await member(server);
  const { body, contentType } = multipartBody([{ filename: "forwarded.txt", data: Buffer.from("forwarded\n") }]);
  const response = await owner.client.post("/api/files", new Uint8Array(body), {
    headers: { "content-type": contentType, origin: `https://${site}`, "x-forwarded-host": site, "x-forwarded-proto": "https" },
  });
  await response.arrayBuffer();
  return response.status;
}

const loopback = /^this machine$/;

describe("with no trusted proxy (the default)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it("a spoofed X-Forwarded-For is ignored: the address is the connection's", async () => {
    expect(await recordedAddress(server, { "x-forwarded-for": "198.51.100.7" })).toMatch(loopback);
    expect(await recordedAddress(server, { "x-forwarded-for": "2001:db8:abcd:12::1" })).toMatch(loopback);
  });

  it("a spoofed X-Forwarded-Host and -Proto are removed: a foreign Origin stays foreign", async () => {
    expect(await uploadFrom(server, "evil.example")).toBe(403);
  });
});

describe("behind one trusted proxy (the test client plays it)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1" } });
  });
  afterAll(() => server?.stop());

  it("the client is the address the proxy appended, not one the client wrote before it", async () => {
    expect(await recordedAddress(server, { "x-forwarded-for": "198.51.100.7" })).toBe("198.51.100.0/24");
    expect(await recordedAddress(server, { "x-forwarded-for": "6.6.6.6, 198.51.100.7" })).toBe("198.51.100.0/24");
  });

  it("IPv6 clients are kept to their /48", async () => {
    expect(await recordedAddress(server, { "x-forwarded-for": "2001:db8:abcd:12::1" })).toBe("2001:0db8:abcd::/48");
  });

  it("X-Forwarded-Host and -Proto from the proxy count: the site the proxy serves is this site", async () => {
    expect(await uploadFrom(server, "files.example.org")).toBe(201);
  });
});

describe("behind two trusted proxies (a load balancer in 10.0.0.0/8, then the local one)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1, ::1, 10.0.0.0/8" } });
  });
  afterAll(() => server?.stop());

  it("skips both proxies and takes the first address that is not one", async () => {
    expect(await recordedAddress(server, { "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.1.2.3" })).toBe("198.51.100.0/24");
    expect(await recordedAddress(server, { "x-forwarded-for": "2001:db8:abcd:12::1, 10.1.2.3" })).toBe("2001:0db8:abcd::/48");
  });

  it("stops at an untrusted hop: what lies to its left is whatever that hop was told", async () => {
    expect(await recordedAddress(server, { "x-forwarded-for": "198.51.100.7, 203.0.113.9, 10.1.2.3" })).toBe("203.0.113.0/24");
  });
});

describe("HOST", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { HOST: "127.0.0.1" } });
  });
  afterAll(() => server?.stop());

  const reachable = (host: string) =>
    new Promise<boolean>((resolve) => {
      const request = http.get({ host, port: server.port, path: "/login", agent: false }, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      });
      request.once("error", () => resolve(false));
    });

  it("chooses the listening address: 127.0.0.1 answers, ::1 does not", async () => {
    expect(await reachable("127.0.0.1")).toBe(true);
    expect(await reachable("::1")).toBe(false);
  });
});
