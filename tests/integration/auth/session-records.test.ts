// Sessions you can see and end, over real HTTP: every sign-in has a record on the server that its token
// names, so signing out (here, from the session list, or "everywhere else") ends every copy of that token.
import { db } from "@/lib/db";
import { SESSION_NOT_FOUND } from "@/lib/auth/end-session";
import type { ActionResult } from "@/lib/actions/action-result";
import { startServer, type TestServer } from "../../support/server";
import { Client } from "../../support/http-client";
import { createUser } from "../../support/factories";
import { ACTION_FILES } from "../../support/action-files";

jest.setTimeout(180_000);

const FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1" } });
});
afterAll(() => server?.stop());

async function browser(user: { username: string; password: string }, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client(server.url, { headers });
  expect(await client.signIn(user.username, user.password)).toBe(true);
  return client;
}

/** A client that sends exactly this session cookie, as someone who copied it would. */
function withCopiedCookie(source: Client): Client {
  const cookie = source.sessionCookie()!;
  return new Client(server.url, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
}

async function expectRefused(client: Client) {
  expect(await client.session()).toBeNull();
  const dashboard = await client.get("/dashboard");
  expect(dashboard.status).toBe(307);
  expect(new URL(dashboard.headers.get("location")!, server.url).pathname).toBe("/login");
}

const settingsAction = (client: Client, name: string, input: unknown) =>
  client.callAction<ActionResult>("/settings", ACTION_FILES.settings, name, [input]);

describe("signing out", () => {
  it("ends the session on the server: a copied cookie is refused afterwards", async () => {
    const user = await createUser();
    const here = await browser(user);
    const copy = withCopiedCookie(here);
    expect((await copy.session())?.user?.id).toBe(user.id);

    const result = await here.callAction("/dashboard", ACTION_FILES.settings, "signOutAction", [{}]);
    expect(result.redirectTo).toBe("/login");
    await expectRefused(copy);
    expect(await db.userSession.count({ where: { userId: user.id } })).toBe(0);
  });

  it("a token whose record is gone is refused, even with the right session version", async () => {
    const user = await createUser();
    const here = await browser(user);
    await db.userSession.deleteMany({ where: { userId: user.id } });
    await expectRefused(here);
  });
});

describe("the session list", () => {
  it("shows each session's browser, system, network, times and this device, and nothing of other accounts", async () => {
    const user = await createUser();
    const stranger = await createUser();
    const here = await browser(user, { "user-agent": FIREFOX_LINUX, "x-forwarded-for": "198.51.100.23" });
    await browser(user, { "user-agent": SAFARI_IPHONE, "x-forwarded-for": "2001:db8:abcd:12::1" });
    await browser(stranger, { "user-agent": SAFARI_IPHONE, "x-forwarded-for": "203.0.113.99" });

    const html = (await (await here.get("/settings")).text()).replace(/<!-- -->/g, "");
    const rows = [...html.matchAll(/<li[^>]*data-testid="session-row"[^>]*>([\s\S]*?)<\/li>/g)].map((m) =>
      m[1]
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      /^Firefox 133 on Linux This device From 198\.51\.100\.0\/24 · signed in \d{4}-\d\d-\d\d \d\d:\d\d UTC with a password · last active/,
    );
    expect(rows[1]).toMatch(/^Mobile Safari 18 on iOS 18\.1 From 2001:0db8:abcd::\/48 · signed in/);
    expect(rows[1]).toContain("Sign out");
    expect(html).not.toContain("203.0.113");
    expect(html).not.toContain("198.51.100.23");
  });

  it("'Sign out' on another session ends it; this one stays", async () => {
    const user = await createUser();
    const here = await browser(user);
    const phone = await browser(user);
    const phoneSession = (await phone.session())!.user!;
    const sessionId = phoneSession.sessionId!;
    expect(sessionId).toBeTruthy();

    const result = await settingsAction(here, "signOutSessionAction", { sessionId });
    expect(result.value).toEqual({ ok: true, data: undefined, message: "That session is signed out." });
    await expectRefused(phone);
    expect((await here.session())?.user?.id).toBe(user.id);

    // Already ended, or another account's session: the same refusal, and nothing changes.
    const other = await createUser();
    const othersBrowser = await browser(other);
    const othersSession = (await othersBrowser.session())!.user!.sessionId!;
    for (const id of [sessionId, othersSession]) {
      expect((await settingsAction(here, "signOutSessionAction", { sessionId: id })).value).toEqual({
        ok: false,
        error: SESSION_NOT_FOUND,
      });
    }
    expect((await othersBrowser.session())?.user?.id).toBe(other.id);
  });

  it("'Sign out' on this session signs this browser out", async () => {
    const user = await createUser();
    const here = await browser(user);
    const copy = withCopiedCookie(here);
    const sessionId = (await here.session())!.user!.sessionId!;
    const result = await settingsAction(here, "signOutSessionAction", { sessionId });
    expect(result.redirectTo).toBe("/login");
    await expectRefused(copy);
  });

  it("'Sign out everywhere else' ends every other session and keeps this one", async () => {
    const user = await createUser();
    const here = await browser(user);
    const others = [await browser(user), await browser(user)];
    const result = await settingsAction(here, "signOutOtherSessionsAction", {});
    expect(result.value).toEqual({ ok: true, data: undefined, message: "Signed out 2 other sessions." });
    for (const other of others) await expectRefused(other);
    expect((await here.session())?.user?.id).toBe(user.id);
    expect(await db.userSession.count({ where: { userId: user.id } })).toBe(1);
    expect((await settingsAction(here, "signOutOtherSessionsAction", {})).value).toMatchObject({
      message: "There were no other sessions.",
    });
  });

  it("'Sign out everywhere' removes every record: copies of this browser's cookie are refused too", async () => {
    const user = await createUser();
    const here = await browser(user);
    const copy = withCopiedCookie(here);
    const result = await settingsAction(here, "signOutEverywhereAction", {});
    expect(result.redirectTo).toBe("/login");
    await expectRefused(copy);
    expect(await db.userSession.count({ where: { userId: user.id } })).toBe(0);
  });
});
