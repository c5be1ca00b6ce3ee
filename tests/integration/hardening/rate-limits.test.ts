// The named limits of lib/rate-limit.ts, reached over real HTTP with their real numbers: the answer is
// 429 with Retry-After (routes) or a "Too many attempts" message with retryAfterSeconds (actions), only
// the throttled client or account is affected, and a throttled request changes nothing. The server
// takes the test client for a trusted proxy here (TRUSTED_PROXIES), so each test plays clients from addresses of its own.
import { db } from "@/lib/db";
import { LIMITS } from "@/lib/rate-limit";
import { INVALID_SIGN_IN } from "@/lib/auth/messages";
import { startServer, type TestServer } from "../../support/server";
import { Client } from "../../support/http-client";
import { createUser, strongPassword, uniqueUsername } from "../../support/factories";
import { uploadOk, upload } from "../../support/upload";
import { storedBlobs } from "../../support/storage";
import { createLink, member, unknownToken, uploadFile, visitor, type CreatedLink, type Member } from "../../support/sharing";
import type { ActionResult } from "@/lib/actions/action-result";
import { ACTION_FILES } from "../../support/action-files";

jest.setTimeout(180_000);

let server: TestServer;
let owner: Member;
let link: CreatedLink;
const CONTENT = Buffer.from("a file behind a public link\n");

let addressCounter = 0;
/** A client address no other test uses. */
const newAddress = () => `198.51.100.${++addressCounter}`;

beforeAll(async () => {
  // Bursts of 6 parallel uploads test the per-minute limit, not the cap on uploads under way at once (faults/upload-floors.test.ts).
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1", MAX_CONCURRENT_UPLOADS: "8" } });
  owner = await member(server);
  const file = await uploadFile(owner, "public-report.txt", CONTENT);
  link = await createLink(owner, file.id);
});

afterAll(async () => {
  await server?.stop();
});

/** Runs `count` requests, `parallel` at a time, and answers their statuses. */
async function burst(count: number, parallel: number, request: (i: number) => Promise<Response>): Promise<number[]> {
  const statuses: number[] = [];
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, k) => request(start + k));
    for (const response of await Promise.all(batch)) {
      await response.arrayBuffer();
      statuses.push(response.status);
    }
  }
  return statuses;
}

function expectRetryAfter(response: Response, maxSeconds: number) {
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  expect(response.headers.get("cache-control")).toContain("no-store");
}

async function action<T = undefined>(client: Client, page: string, file: string, name: string, input: unknown) {
  return client.callAction<ActionResult<T>>(page, file, name, [input]);
}

describe("guessing link tokens (linkMiss)", () => {
  it(`a client with ${LIMITS.linkMiss.points} unknown tokens is answered 429 on every link, others are not`, async () => {
    const guesser = visitor(server, newAddress());
    const misses = await burst(LIMITS.linkMiss.points, 5, (i) =>
      guesser.get(i % 2 ? `/s/${unknownToken(`miss-${i}`)}` : `/s/${unknownToken(`miss-${i}`)}/download`),
    );
    expect(misses).toEqual(Array(LIMITS.linkMiss.points).fill(404));

    for (const target of [`/s/${unknownToken("one more")}`, link.path, link.downloadPath]) {
      const response = await guesser.get(target);
      expect(response.status).toBe(429);
      expectRetryAfter(response, LIMITS.linkMiss.blockDuration);
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(await response.text()).toContain("Too many attempts");
    }
    // The throttled download claimed nothing.
    expect((await db.link.findUniqueOrThrow({ where: { id: link.id } })).claimedCount).toBe(0);

    const someoneElse = visitor(server, newAddress());
    const page = await someoneElse.get(link.path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("public-report.txt");
  });
});

describe("requests to one link (linkRequest)", () => {
  it(`the download route answers 429 after ${LIMITS.linkRequest.points} requests a minute from one client`, async () => {
    const busy = visitor(server, newAddress());
    // HEAD runs the same handler (and the same limit) without counting a download.
    const statuses = await burst(LIMITS.linkRequest.points, 10, () => busy.fetch(link.downloadPath, { method: "HEAD" }));
    expect(statuses).toEqual(Array(LIMITS.linkRequest.points).fill(200));

    const refused = await busy.get(link.downloadPath);
    expect(refused.status).toBe(429);
    expectRetryAfter(refused, LIMITS.linkRequest.duration);
    expect(refused.headers.get("content-disposition")).toBeNull();
    expect(await refused.text()).toMatch(/^Too many attempts/);
    expect((await db.link.findUniqueOrThrow({ where: { id: link.id } })).downloadCount).toBe(0);

    const other = await visitor(server, newAddress()).get(link.downloadPath);
    expect(other.status).toBe(200);
    expect(Buffer.from(await other.arrayBuffer()).equals(CONTENT)).toBe(true);
  });
});

describe("link passwords (linkPasswordLink, linkPasswordLinkAddress)", () => {
  it(`after ${LIMITS.linkPasswordLink.points} wrong passwords a link holds off the address that guessed, not the others`, async () => {
    const locked = await createLink(owner, (await db.link.findUniqueOrThrow({ where: { id: link.id } })).fileId, {
      password: "the right link password",
    });
    const unlock = (client: Client, password: string) =>
      action(client, locked.path, ACTION_FILES.link, "unlockLinkAction", { token: locked.token, password });
    const guesser = visitor(server, newAddress());
    for (let i = 0; i < LIMITS.linkPasswordLink.points; i++) {
      expect((await unlock(guesser, `wrong guess ${i}`)).value).toMatchObject({ ok: false, error: "That password is not correct." });
    }
    // The guessing address waits, right password or not.
    const result = (await unlock(guesser, "the right link password")).value as Extract<ActionResult, { ok: false }>;
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^Too many attempts\. Try again in \d+ minutes\.$/);
    expect(result.retryAfterSeconds).toBeGreaterThan(0);
    expect(result.retryAfterSeconds).toBeLessThanOrEqual(LIMITS.linkPasswordLinkAddress.duration);
    expect(guesser.cookie(`coffer-link-${locked.id}`)).toBeUndefined();
    // Another address with the right password is not held off.
    const other = visitor(server, newAddress());
    expect((await unlock(other, "the right link password")).value).toMatchObject({ ok: true });
    expect(other.cookie(`coffer-link-${locked.id}`)).toBeDefined();
  });
});

describe("signing in (signInAccountAddress)", () => {
  it(`the sign-in action answers "Too many attempts" with retryAfterSeconds after ${LIMITS.signInAccountAddress.points} failures`, async () => {
    const user = await createUser();
    const address = newAddress();
    const attacker = visitor(server, address);
    for (let i = 0; i < LIMITS.signInAccountAddress.points; i++) {
      const response = await action(attacker, "/login", ACTION_FILES.login, "signInAction", {
        identifier: user.username,
        password: `wrong password ${i}`,
      });
      expect(response.value).toEqual({ ok: false, error: INVALID_SIGN_IN });
    }
    // Now even the right password is refused from this address, with the time to wait.
    const throttled = await action(attacker, "/login", ACTION_FILES.login, "signInAction", {
      identifier: user.username,
      password: user.password,
    });
    const result = throttled.value as Extract<ActionResult, { ok: false }>;
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^Too many attempts\. Try again in \d+ minutes\.$/),
      retryAfterSeconds: expect.any(Number),
    });
    expect(result.retryAfterSeconds).toBeGreaterThan(LIMITS.signInAccountAddress.blockDuration - 60);
    expect(result.retryAfterSeconds).toBeLessThanOrEqual(LIMITS.signInAccountAddress.blockDuration);
    expect(attacker.sessionCookie()).toBeUndefined();
    // Through the Auth.js endpoint as well.
    expect(await attacker.signIn(user.username, user.password)).toBe(false);

    // The real user, elsewhere, is not locked out.
    const elsewhere = visitor(server, newAddress());
    const signedIn = await action(elsewhere, "/login", ACTION_FILES.login, "signInAction", {
      identifier: user.username,
      password: user.password,
    });
    expect(signedIn.redirectTo).toBe("/dashboard");
    expect((await elsewhere.session())?.user?.id).toBe(user.id);
  });
});

describe("registering (register)", () => {
  it(`one address gets ${LIMITS.register.points} registration attempts an hour`, async () => {
    const registrar = () => visitor(server, "203.0.113.77");
    const usersBefore = await db.user.count();
    // Refused attempts count too (a weak password is refused after the limit is spent); two succeed.
    for (let i = 0; i < LIMITS.register.points; i++) {
      const strong = i < 2;
      const response = await action(registrar(), "/register", ACTION_FILES.register, "registerAction", {
        username: uniqueUsername("reg"),
        password: strong ? strongPassword() : "aaaaaaaaaaaa",
      });
      if (strong) expect(response.redirectTo).toBe("/dashboard");
      else expect(response.value).toMatchObject({ ok: false, fieldErrors: { password: [expect.any(String)] } });
    }
    expect(await db.user.count()).toBe(usersBefore + 2);

    const username = uniqueUsername("reg");
    const refused = await action(registrar(), "/register", ACTION_FILES.register, "registerAction", {
      username,
      password: strongPassword(),
    });
    expect(refused.value).toEqual({
      ok: false,
      error: "Too many attempts. Try again in 60 minutes.",
      retryAfterSeconds: expect.any(Number),
    });
    expect(await db.user.count({ where: { username } })).toBe(0);

    const elsewhere = await action(visitor(server, newAddress()), "/register", ACTION_FILES.register, "registerAction", {
      username,
      password: strongPassword(),
    });
    expect(elsewhere.redirectTo).toBe("/dashboard");
  });
});

describe("changing the password (passwordChange)", () => {
  it(`an account gets ${LIMITS.passwordChange.points} attempts, then even the right password waits`, async () => {
    const user = await member(server);
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true, sessionVersion: true } });
    const newPassword = strongPassword();
    for (let i = 0; i < LIMITS.passwordChange.points; i++) {
      const response = await action(user.client, "/settings", ACTION_FILES.settings, "changePasswordAction", {
        currentPassword: `not it ${i}`,
        newPassword,
        confirmPassword: newPassword,
      });
      expect(response.value).toMatchObject({ ok: false, error: "Your current password is not correct." });
    }
    const throttled = await action(user.client, "/settings", ACTION_FILES.settings, "changePasswordAction", {
      currentPassword: user.password,
      newPassword,
      confirmPassword: newPassword,
    });
    expect(throttled.value).toEqual({
      ok: false,
      error: "Too many attempts. Try again in 15 minutes.",
      retryAfterSeconds: expect.any(Number),
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true, sessionVersion: true } })).toEqual(
      before,
    );
  });
});

describe("route handlers per user (api, upload)", () => {
  it(`downloads answer 429 with Retry-After after ${LIMITS.api.points} requests a minute from one user`, async () => {
    const busy = await member(server);
    const file = await uploadFile(busy, "busy.txt", Buffer.from("busy"));
    const statuses = await burst(LIMITS.api.points, 20, () => busy.client.fetch(`/api/files/${file.id}/download`, { method: "HEAD" }));
    // The upload before counts against its own limit, not this one: every HEAD got through.
    expect(statuses).toEqual(Array(LIMITS.api.points).fill(200));

    const refused = await busy.client.get(`/api/files/${file.id}/download`);
    expect(refused.status).toBe(429);
    expectRetryAfter(refused, LIMITS.api.duration);
    expect(await refused.json()).toEqual({ error: "Too many attempts. Try again in a minute." });

    // Per user: the owner of the link file is not affected.
    const other = await owner.client.get(`/api/files/${(await db.link.findUniqueOrThrow({ where: { id: link.id } })).fileId}/download`);
    expect(other.status).toBe(200);
  });

  it(`uploads answer 429 after ${LIMITS.upload.points} a minute, and store nothing more`, async () => {
    const uploader = await member(server);
    const statuses = await burst(LIMITS.upload.points, 6, (i) =>
      upload(uploader.client, [{ filename: `u${i}.txt`, data: `upload ${i}\n` }]),
    );
    expect(statuses).toEqual(Array(LIMITS.upload.points).fill(201));
    const blobs = await storedBlobs();

    const refused = await upload(uploader.client, [{ filename: "one-too-many.txt", data: "one too many\n" }]);
    expect(refused.status).toBe(429);
    expectRetryAfter(refused, LIMITS.upload.duration);
    expect(await refused.json()).toEqual({ error: "Too many attempts. Try again in a minute." });
    expect(await db.file.count({ where: { ownerId: uploader.id } })).toBe(LIMITS.upload.points);
    expect(await storedBlobs()).toEqual(blobs);

    // Another user still uploads.
    const fresh = await member(server);
    expect(await uploadOk(fresh.client, [{ filename: "fine.txt", data: "fine\n" }])).toHaveLength(1);
  });
});
