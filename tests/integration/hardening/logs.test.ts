// The server's log at its most talkative (LOG_LEVEL=debug) after a whole flow through the real server:
// register, sign in through Auth.js (once wrongly), upload, a password link unlocked and downloaded,
// a link download that fails on the server, a password change. No secret that passed through the server may appear in the log, and every request
// has exactly one JSON line naming it, with link tokens and query strings left out.
import http from "node:http";
import { db } from "@/lib/db";
import { startServer, type TestServer } from "../../support/server";
import { RecordingClient, type RecordedResponse } from "../../support/recording-client";
import { strongPassword, uniqueUsername } from "../../support/factories";
import { uploadOk } from "../../support/upload";
import { waitFor } from "../../support/upload";
import { isSessionCookie } from "../../support/http-client";
import type { ActionResult } from "@/lib/actions/action-result";
import { ACTION_FILES } from "../../support/action-files";

jest.setTimeout(120_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type RequestLine = { level: number; msg: string; requestId: string; method: string; route: string; status: number; durationMs: number };

let server: TestServer;
const record: RecordedResponse[] = [];
/** Every secret the flow sent or received, by what it is. */
const secrets = new Map<string, string>();
const CONTENT = "the contents of a file behind a password link\n";

/** The app's log lines (pino writes one JSON object a line; Next.js adds a plain start-up line or two). */
function logLines(): Record<string, unknown>[] {
  return server
    .logs()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`the server wrote a line that is not JSON: ${line.slice(0, 200)}`);
      }
    });
}

const requestLines = () => logLines().filter((line) => line.msg === "request") as RequestLine[];

/** Where server actions redirected (Next.js fetches that page for the answer, as a request of its own). */
const actionRedirects = () =>
  record.flatMap((r) => {
    const target = r.headers.get("x-action-redirect");
    return target ? [new URL(target.split(";")[0], server.url).pathname] : [];
  });

/** Session, CSRF and link-unlock cookies the server handed out. */
function cookiesSet(): string[] {
  return record.flatMap((r) =>
    r.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)])
      .filter(
        ([name, value]) =>
          value &&
          (isSessionCookie(name) || name.includes("csrf-token") || name.startsWith("coffer-link-") || name.includes("coffer-device")),
      )
      .map(([, value]) => decodeURIComponent(value)),
  );
}

beforeAll(async () => {
  server = await startServer({ env: { LOG_LEVEL: "debug" } });
  const client = () => new RecordingClient(server.url, record);
  const username = uniqueUsername("logged");
  const password = strongPassword();
  const newPassword = strongPassword();
  const wrongPassword = strongPassword();
  const linkPassword = `link-${strongPassword()}`;
  const wrongLinkPassword = `link-${strongPassword()}`;
  Object.entries({ password, newPassword, wrongPassword, linkPassword, wrongLinkPassword }).forEach(([k, v]) => secrets.set(k, v));

  // Register (the action signs the new account in), then sign in elsewhere through the Auth.js endpoints.
  const registrant = client();
  expect((await registrant.get("/register")).status).toBe(200);
  const registered = await registrant.callAction("/register", ACTION_FILES.register, "registerAction", [
    { username, email: `${username}@example.com`, password },
  ]);
  expect(registered.redirectTo).toBe("/dashboard");
  const owner = client();
  expect(await owner.signIn(username, wrongPassword)).toBe(false);
  expect(await owner.signIn(username, password)).toBe(true);
  expect((await owner.get("/dashboard")).status).toBe(200);

  const [file] = await uploadOk(owner, [{ filename: "behind-a-password.txt", data: CONTENT }]);
  const created = await owner.callAction<ActionResult<{ path: string }>>(`/files/${file.id}`, ACTION_FILES.file, "createLinkAction", [
    { fileId: file.id, expiry: "7d", password: linkPassword, label: "for the auditors" },
  ]);
  if (!created.value?.ok) throw new Error(`createLinkAction: ${JSON.stringify(created.value)}`);
  const linkPath = created.value.data.path;
  const token = linkPath.slice("/s/".length);
  secrets.set("link token", token);

  const stranger = client();
  expect((await stranger.get(linkPath)).status).toBe(200);
  expect((await stranger.get(`${linkPath}?utm_source=${token}`)).status).toBe(200);
  const wrong = await stranger.callAction<ActionResult>(linkPath, ACTION_FILES.link, "unlockLinkAction", [
    { token, password: wrongLinkPassword },
  ]);
  expect(wrong.value).toMatchObject({ ok: false });
  const unlocked = await stranger.callAction<ActionResult>(linkPath, ACTION_FILES.link, "unlockLinkAction", [
    { token, password: linkPassword },
  ]);
  expect(unlocked.value).toMatchObject({ ok: true });
  const download = await stranger.get(`${linkPath}/download`);
  expect(await download.text()).toBe(CONTENT);

  // A link whose file cannot be decrypted (its master key retired): the route fails and logs the error.
  const [unreadable] = await uploadOk(owner, [{ filename: "unreadable.txt", data: "bytes under a retired key\n" }]);
  const second = await owner.callAction<ActionResult<{ path: string }>>(`/files/${unreadable.id}`, ACTION_FILES.file, "createLinkAction", [
    { fileId: unreadable.id, expiry: "never" },
  ]);
  if (!second.value?.ok) throw new Error(`createLinkAction: ${JSON.stringify(second.value)}`);
  secrets.set("second link token", second.value.data.path.slice("/s/".length));
  await db.file.update({ where: { id: unreadable.id }, data: { masterKeyId: "retired" } });
  const failed = await stranger.get(`${second.value.data.path}/download`);
  expect(failed.status).toBe(500);
  expect(failed.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  expect(await failed.text()).toBe("Something went wrong.");

  const changed = await owner.callAction<ActionResult>("/settings", ACTION_FILES.settings, "changePasswordAction", [
    { currentPassword: password, newPassword, confirmPassword: newPassword },
  ]);
  expect(changed.value).toMatchObject({ ok: true });
  expect((await owner.get("/settings")).status).toBe(200);

  cookiesSet().forEach((value, i) => secrets.set(`cookie ${i}`, value));
  const [files, users, links] = await Promise.all([
    db.file.findMany({ select: { wrappedKey: true } }),
    db.user.findMany({ select: { passwordHash: true } }),
    db.link.findMany({ select: { passwordHash: true } }),
  ]);
  files.forEach((f, i) => secrets.set(`wrapped key ${i}`, f.wrappedKey));
  users.forEach((u, i) => u.passwordHash && secrets.set(`password hash ${i}`, u.passwordHash));
  links.forEach((l, i) => l.passwordHash && secrets.set(`link password hash ${i}`, l.passwordHash));
  secrets.set("AUTH_SECRET", process.env.AUTH_SECRET!);
  secrets.set("STORAGE_MASTER_KEY", process.env.STORAGE_MASTER_KEY!);
  secrets.set("the master key's bytes", process.env.STORAGE_MASTER_KEY!.split(":")[1]);

  // Each line is written when its response closes, which may trail what the client saw.
  await waitFor(() => requestLines().length >= record.length + actionRedirects().length, 5_000);
});

afterAll(async () => {
  await server?.stop();
});

describe("the log", () => {
  it("is written by pino, one JSON object a line", () => {
    const lines = logLines();
    expect(lines.length).toBeGreaterThan(record.length);
    expect(lines.every((line) => typeof line.level === "number" && typeof line.msg === "string" && line.app === "coffer")).toBe(true);
  });

  it("holds none of the secrets that passed through the server", () => {
    expect(secrets.size).toBeGreaterThan(12);
    const log = server.logs();
    const found = [...secrets].filter(([, value]) => value.length >= 8 && log.includes(value)).map(([name]) => name);
    expect(found).toEqual([]);
  });

  it("has one request line per request, with its id, method, route, status and duration", () => {
    const lines = requestLines();
    expect(lines).toHaveLength(record.length + actionRedirects().length);
    for (const line of lines) {
      expect(line).toEqual(
        expect.objectContaining({
          requestId: expect.stringMatching(UUID),
          method: expect.stringMatching(/^(GET|POST|HEAD)$/),
          route: expect.stringMatching(/^\//),
          status: expect.any(Number),
          durationMs: expect.any(Number),
        }),
      );
      expect(line.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(lines.map((line) => line.requestId)).size).toBe(lines.length);

    // The same requests as the clients made, with the same answers, plus the one Next.js makes itself
    // (through the front door) to render the page an action redirects to.
    const routeOf = (path: string) => path.replace(/^\/s\/[^/]+/, "/s/[token]");
    const made = record.map((r) => `${r.method} ${routeOf(r.path)} ${r.status}`);
    const logged = lines.map((line) => `${line.method} ${line.route} ${line.status}`);
    const extra = [...logged];
    for (const request of made) {
      const at = extra.indexOf(request);
      if (at < 0) throw new Error(`no log line for ${request}`);
      extra.splice(at, 1);
    }
    expect(extra.map((line) => line.replace(/ \d+$/, ""))).toEqual(actionRedirects().map((target) => `GET ${target}`));
  });

  it("names link routes /s/[token] and leaves query strings out", () => {
    const routes = requestLines().map((line) => line.route);
    expect(routes).toEqual(expect.arrayContaining(["/s/[token]", "/s/[token]/download", "/api/files", "/register", "/settings"]));
    // The failed download's error line too.
    const failure = logLines().find((line) => line.msg === "route failed");
    expect(failure).toBeDefined();
    expect(JSON.stringify(failure)).not.toContain(secrets.get("second link token"));
    expect(routes.filter((route) => route.includes("?"))).toEqual([]);
    expect(routes.filter((route) => route.startsWith("/s/") && !route.startsWith("/s/[token]"))).toEqual([]);
  });
});

describe("link paths written another way", () => {
  /** Sends the path exactly as written (fetch would normalise it first). */
  const rawGet = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(server.url);
      const request = http.get({ host: url.hostname, port: url.port, path, agent: false }, (response) => {
        response.resume();
        response.once("end", () => resolve(response.statusCode ?? 0));
      });
      request.once("error", reject);
    });

  it("never put the token in the log: //s/, /s//, /s\\, encoded and dotted forms", async () => {
    const token = secrets.get("link token")!;
    const paths = [
      `//s/${token}`,
      `/s//${token}`,
      `/s\\${token}`,
      `/s\\${token}\\download`,
      `/s/${token}//download`,
      `/%73/${token}`,
      `/S/${token}`,
      `/s/./${token}`,
      `/dashboard/../s/${token}`,
      `/s%2F${token}`,
      `/s%5C${token}`,
    ];
    const before = requestLines().length;
    for (const path of paths) await rawGet(path);
    await waitFor(() => requestLines().length >= before + paths.length, 5_000);
    const lines = requestLines().slice(before);
    expect(lines.length).toBeGreaterThanOrEqual(paths.length);
    expect(server.logs()).not.toContain(token);
    for (const line of lines) expect(line.route).not.toContain(token.slice(0, 12));
  });
});
