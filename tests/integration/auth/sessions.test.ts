import { db } from "@/lib/db";
import { INVALID_SIGN_IN } from "@/lib/auth/messages";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { createUser, strongPassword } from "../../support/factories";
import { ACTION_FILES } from "../../support/action-files";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

async function signedIn(user: { username: string; password: string }): Promise<Client> {
  const client = new Client(server.url);
  expect(await client.signIn(user.username, user.password)).toBe(true);
  return client;
}

/** The session is refused everywhere: no user from Auth.js, and private pages send the browser to /login. */
async function expectSignedOut(client: Client) {
  expect((await client.session())?.user).toBeUndefined();
  const dashboard = await client.get("/dashboard");
  expect([303, 307]).toContain(dashboard.status);
  expect(new URL(dashboard.headers.get("location")!, server.url).pathname).toBe("/login");
}

async function expectSignedInAs(client: Client, username: string) {
  expect((await client.session())?.user?.username).toBe(username);
  const dashboard = await client.get("/dashboard");
  expect(dashboard.status).toBe(200);
  expect(await dashboard.text()).toContain(username);
}

describe("signing in through Auth.js", () => {
  it("gives a session that opens the dashboard", async () => {
    const user = await createUser();
    const client = await signedIn(user);
    expect(await client.session()).toMatchObject({ user: { id: user.id, username: user.username, role: "user" } });
    await expectSignedInAs(client, user.username);
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    const client = await signedIn(await createUser());
    const cookie = client.sessionCookie()!;
    expect(cookie.name).toBe("authjs.session-token");
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite?.toLowerCase()).toBe("lax");
    expect(cookie.path).toBe("/");
  });

  it("refuses an unknown user, a wrong password and a disabled account alike", async () => {
    const user = await createUser();
    const disabled = await createUser({ disabled: true });
    const attempts: [string, string][] = [
      ["nobody_at_all", user.password],
      [user.username, `${user.password}!`],
      [disabled.username, disabled.password],
    ];
    for (const [identifier, password] of attempts) {
      const client = new Client(server.url);
      expect(await client.signIn(identifier, password)).toBe(false);
      expect(client.sessionCookie()).toBeUndefined();
      expect(await client.session()).toBeNull();
    }
  });

  it("has no session without a cookie, and private pages redirect to /login", async () => {
    const client = new Client(server.url);
    expect(await client.session()).toBeNull();
    const settings = await client.get("/settings");
    expect(settings.status).toBe(307);
    expect(new URL(settings.headers.get("location")!, server.url).pathname).toBe("/login");
  });
});

describe("signInAction over HTTP", () => {
  it("signs in and redirects to a safe next path", async () => {
    const user = await createUser();
    const client = new Client(server.url);
    const result = await client.callAction("/login", ACTION_FILES.login, "signInAction", [
      { identifier: user.username, password: user.password, next: "/settings" },
    ]);
    expect(result.redirectTo).toBe("/settings");
    await expectSignedInAs(client, user.username);
  });

  it("answers the same message for an unknown user, a wrong password and a disabled account", async () => {
    const user = await createUser();
    const disabled = await createUser({ disabled: true });
    const answers = [];
    for (const [identifier, password] of [
      ["nobody_at_all", user.password],
      [user.username, "not the password"],
      [disabled.username, disabled.password],
    ]) {
      const client = new Client(server.url);
      const result = await client.callAction("/login", ACTION_FILES.login, "signInAction", [{ identifier, password }]);
      expect(client.sessionCookie()).toBeUndefined();
      answers.push(result);
    }
    for (const answer of answers) {
      expect(answer).toEqual({ status: 200, value: { ok: false, error: INVALID_SIGN_IN }, redirectTo: null });
    }
  });

  it("ignores a client's own X-Forwarded-For: spoofed addresses share the real one's throttle", async () => {
    const user = await createUser();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const client = new Client(server.url, { headers: { "x-forwarded-for": `10.9.8.${attempt}` } });
      const result = await client.callAction("/login", ACTION_FILES.login, "signInAction", [
        { identifier: user.username, password: "wrong password!" },
      ]);
      expect(result.value).toEqual({ ok: false, error: INVALID_SIGN_IN });
    }
    const client = new Client(server.url, { headers: { "x-forwarded-for": "10.9.8.200" } });
    const result = await client.callAction("/login", ACTION_FILES.login, "signInAction", [
      { identifier: user.username, password: user.password },
    ]);
    expect(result.value).toEqual({
      ok: false,
      error: "Too many attempts. Try again in 15 minutes.",
      retryAfterSeconds: expect.any(Number),
    });
    expect(client.sessionCookie()).toBeUndefined();
  });
});

describe("ending sessions", () => {
  it("ends every token when the user's sessionVersion is bumped", async () => {
    const user = await createUser();
    const first = await signedIn(user);
    const second = await signedIn(user);
    await expectSignedInAs(first, user.username);

    await db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    await expectSignedOut(first);
    await expectSignedOut(second);

    // A fresh sign-in works under the new version.
    await expectSignedInAs(await signedIn(user), user.username);
  });

  it("ends a session when the account is disabled", async () => {
    const user = await createUser();
    const client = await signedIn(user);
    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    await expectSignedOut(client);
  });

  it("signOutEverywhereAction ends this session and every other one", async () => {
    const user = await createUser();
    const here = await signedIn(user);
    const elsewhere = await signedIn(user);

    const result = await here.callAction("/settings", ACTION_FILES.settings, "signOutEverywhereAction", [{}]);
    expect(result.redirectTo).toBe("/login");
    await expectSignedOut(here);
    await expectSignedOut(elsewhere);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(1);
  });

  it("signOutAction ends only this browser's session", async () => {
    const user = await createUser();
    const here = await signedIn(user);
    const elsewhere = await signedIn(user);
    const result = await here.callAction("/dashboard", ACTION_FILES.settings, "signOutAction", [{}]);
    expect(result.redirectTo).toBe("/login");
    expect(here.sessionCookie()).toBeUndefined();
    await expectSignedOut(here);
    await expectSignedInAs(elsewhere, user.username);
  });
});

describe("changePasswordAction", () => {
  it("keeps the caller signed in and refuses the sessions opened before", async () => {
    const user = await createUser();
    const caller = await signedIn(user);
    const older = await signedIn(user);
    const newPassword = strongPassword();

    const result = await caller.callAction("/settings", ACTION_FILES.settings, "changePasswordAction", [
      { currentPassword: user.password, newPassword, confirmPassword: newPassword },
    ]);
    expect(result.value).toEqual({ ok: true, data: undefined, message: "Password changed. Other sessions were signed out." });
    // The page re-rendered after the action still sees the caller signed in (it does not bounce to /login).
    expect(result.redirectTo).toBeNull();

    await expectSignedInAs(caller, user.username);
    await expectSignedOut(older);

    expect(await new Client(server.url).signIn(user.username, user.password)).toBe(false);
    expect(await new Client(server.url).signIn(user.username, newPassword)).toBe(true);
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const user = await createUser();
    const caller = await signedIn(user);
    const other = await signedIn(user);
    const newPassword = strongPassword();

    const result = await caller.callAction("/settings", ACTION_FILES.settings, "changePasswordAction", [
      { currentPassword: `${user.password}x`, newPassword, confirmPassword: newPassword },
    ]);
    expect(result.value).toEqual({
      ok: false,
      error: "Your current password is not correct.",
      fieldErrors: { currentPassword: ["Your current password is not correct."] },
    });
    await expectSignedInAs(caller, user.username);
    await expectSignedInAs(other, user.username);
    expect(await new Client(server.url).signIn(user.username, user.password)).toBe(true);
  });

  it("refuses a caller whose session has ended, and changes nothing", async () => {
    const user = await createUser();
    const client = await signedIn(user);
    await db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    const result = await client.callAction("/settings", ACTION_FILES.settings, "changePasswordAction", [
      { currentPassword: user.password, newPassword: "a new passphrase", confirmPassword: "a new passphrase" },
    ]);
    expect(result.value).toEqual({ ok: false, error: "Your session has ended. Please sign in again." });
    expect(await new Client(server.url).signIn(user.username, user.password)).toBe(true);
  });

  it("never reaches the action without a session cookie: the proxy sends the visitor to /login", async () => {
    const result = await new Client(server.url).callAction("/settings", ACTION_FILES.settings, "changePasswordAction", [
      { currentPassword: "whatever it is", newPassword: "a new passphrase", confirmPassword: "a new passphrase" },
    ]);
    expect(result.status).toBe(307);
    expect(result.value).toBeUndefined();
    expect(result.redirectTo).toMatch(/^\/login\?next=/);
  });
});
