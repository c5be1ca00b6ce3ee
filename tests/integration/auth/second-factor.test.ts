// What a second factor must mean, over real HTTP (attack round three): each session records how it signed in and the
// admin requirement checks the session, not the account; turning two-factor on or off and making new recovery codes ask
// for the password, and turning it on ends the account's other sessions; wrong codes from strangers can neither lock
// the owner's own browser out of signing in nor touch a signed-in session's settings; the challenge of the password step
// works once and its cookie is removed with the attributes it was set with.
import { db } from "@/lib/db";
import { LIMITS } from "@/lib/rate-limit";
import { WRONG_CODE } from "@/lib/auth/check-two-factor-code";
import { CHALLENGE_EXPIRED } from "@/lib/auth/two-factor-sign-in";
import { ADMIN_NEEDS_TWO_FACTOR } from "@/lib/admin/admin-two-factor";
import type { ActionResult } from "@/lib/actions/action-result";
import { startServer, type TestServer } from "../../support/server";
import { Client } from "../../support/http-client";
import { createUser, strongPassword } from "../../support/factories";
import { member, visitor, type Member } from "../../support/sharing";
import { ACTION_FILES } from "../../support/action-files";
import { codeStep, enrolTwoFactor, passwordStep, unusedCode, type Enrolled } from "../../support/two-factor";

jest.setTimeout(240_000);

let server: TestServer;
/** Secure cookies on (as in production): `__Host-` and `__Secure-` names, the Secure attribute. */
let secure: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1" } });
  secure = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1", COOKIE_SECURE: "true" } });
});
afterAll(() => Promise.all([server?.stop(), secure?.stop()]));

let addressCounter = 0;
const newAddress = () => `203.0.113.${++addressCounter}`;

const settingsAction = <T = undefined>(client: Client, name: string, input: unknown) =>
  client.callAction<ActionResult<T>>("/settings", ACTION_FILES.settings, name, [input]).then((r) => r.value);

/** A user signed in from an address of their own (the client keeps the device cookie) with two-factor on. */
async function enrolled(on = server, opts: Parameters<typeof createUser>[0] = {}): Promise<Member & Enrolled & { address: string }> {
  const user = await createUser(opts);
  const address = newAddress();
  const client = visitor(on, address);
  expect(await client.signIn(user.username, user.password)).toBe(true);
  return { ...user, client, address, ...(await enrolTwoFactor(client, user.password)) };
}

/** Both steps of signing in, with a code from the app (or the code given: a recovery code, to spare the app's few). */
async function signInWithCode(user: { id: string; username: string; password: string; secret: string }, browser: Client, code?: string) {
  expect((await passwordStep(browser, user.username, user.password)).value).toMatchObject({ ok: true, data: { twoFactor: true } });
  return codeStep(browser, code ?? (await unusedCode(user.id, user.secret)));
}

/** Another browser of the owner's, from the owner's address, carrying the device cookie of their first sign-in. */
function ownersBrowser(user: { client: Client; address: string }): Client {
  const browser = visitor(server, user.address);
  browser.keepCookies([`coffer-device=${user.client.cookie("coffer-device")!.value}; Path=/; HttpOnly`]);
  return browser;
}

const sessionRecord = async (client: Client) => {
  const sessionId = (await client.session())?.user?.sessionId;
  return sessionId ? db.userSession.findUnique({ where: { id: sessionId } }) : null;
};

describe("sessions record how they signed in", () => {
  it("a password sign-in is a password session; the code step makes a two-factor one", async () => {
    const plain = await member(server);
    expect(await sessionRecord(plain.client)).toMatchObject({ authMethod: "password" });
    const user = await enrolled();
    const browser = visitor(server, newAddress());
    expect((await signInWithCode(user, browser)).redirectTo).toBe("/dashboard");
    expect(await sessionRecord(browser)).toMatchObject({ authMethod: "password+two-factor" });
    expect((await browser.session())?.user).toMatchObject({ twoFactor: true, secondFactor: true });
  });

  it("administration, when two-factor is required, is for sessions that gave a second factor, not for accounts that have one", async () => {
    const first = await enrolled(server, { role: "admin" });
    const setRequired = (client: Client, required: boolean) =>
      client.callAction<ActionResult>("/admin", ACTION_FILES.admin, "setAdminTwoFactorAction", [{ required }]).then((r) => r.value);
    expect(await setRequired(first.client, true)).toMatchObject({ ok: true });

    // A session from before its account had two-factor (as every session was before this release) stays a password session.
    const other = await member(server, { role: "admin" });
    await db.user.update({ where: { id: other.id }, data: { twoFactorEnabledAt: new Date() } });
    expect((await other.client.session())?.user).toMatchObject({ twoFactor: true, secondFactor: false });
    expect(await setRequired(other.client, false)).toEqual({ ok: false, error: "Not found." });
    expect((await (await other.client.get("/admin")).text()).replace(/<!-- -->/g, "")).toContain(ADMIN_NEEDS_TWO_FACTOR);
    expect(await setRequired(first.client, false)).toMatchObject({ ok: true });
  });
});

describe("turning two-factor on and off asks for the password", () => {
  it("turning it on needs the current password, ends the account's other sessions and keeps this one, now a two-factor session", async () => {
    const user = await createUser();
    const here = visitor(server, newAddress());
    const elsewhere = visitor(server, newAddress());
    expect(await here.signIn(user.username, user.password)).toBe(true);
    expect(await elsewhere.signIn(user.username, user.password)).toBe(true);

    const started = await settingsAction<{ secret: string; enrolment: string }>(here, "startTwoFactorAction", {});
    if (!started?.ok) throw new Error(JSON.stringify(started));
    const confirm = (password: string | undefined) =>
      settingsAction<{ recoveryCodes: string[] }>(here, "confirmTwoFactorAction", {
        enrolment: started.data.enrolment,
        code: "000000",
        ...(password === undefined ? {} : { password }),
      });
    // A stolen session cookie alone cannot turn it on (and lock the owner out).
    expect(await confirm(undefined)).toMatchObject({ ok: false, fieldErrors: { password: expect.any(Array) } });
    expect(await confirm("not the password at all")).toMatchObject({
      ok: false,
      fieldErrors: { password: ["Your password is not correct."] },
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorEnabledAt: null });

    const enrolment = await enrolTwoFactor(here, user.password);
    expect(enrolment.recoveryCodes).toHaveLength(10);
    expect(await elsewhere.session()).toBeNull();
    expect(await sessionRecord(here)).toMatchObject({ authMethod: "password+two-factor" });
    expect((await here.session())?.user).toMatchObject({ twoFactor: true, secondFactor: true });
  });

  it("turning it off and making new recovery codes need the current password as well as a code", async () => {
    const user = await enrolled();
    expect(await settingsAction(user.client, "regenerateRecoveryCodesAction", { code: user.recoveryCodes[0] })).toMatchObject({
      ok: false,
      fieldErrors: { password: expect.any(Array) },
    });
    expect(
      await settingsAction(user.client, "regenerateRecoveryCodesAction", { code: user.recoveryCodes[0], password: strongPassword() }),
    ).toMatchObject({ ok: false, fieldErrors: { password: ["Your password is not correct."] } });
    // The code was not spent by the refused attempts.
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(10);
    expect(
      await settingsAction(user.client, "regenerateRecoveryCodesAction", { code: user.recoveryCodes[0], password: user.password }),
    ).toMatchObject({ ok: true });

    const code = await unusedCode(user.id, user.secret);
    expect(await settingsAction(user.client, "disableTwoFactorAction", { code })).toMatchObject({
      ok: false,
      fieldErrors: { password: expect.any(Array) },
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorEnabledAt: expect.any(Date) });
    expect(await settingsAction(user.client, "disableTwoFactorAction", { code, password: user.password })).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorEnabledAt: null });
  });
});

describe("wrong codes from strangers", () => {
  it("lock out neither the owner's browser at sign-in nor the owner's signed-in settings", async () => {
    const user = await enrolled();
    // Someone who knows the password, from another address, sends wrong codes until they are refused.
    const attacker = visitor(server, newAddress());
    let refused = false;
    for (let i = 0; i < 40 && !refused; i++) {
      const answer = i % 5 === 0 ? await passwordStep(attacker, user.username, user.password) : null;
      if (answer && !(answer.value && "data" in answer.value)) break;
      const result = (await codeStep(attacker, String(100000 + i))).value as ActionResult;
      refused = !result.ok && /^Too many attempts/.test(result.error);
    }
    expect(refused).toBe(true);
    // Other strangers' browsers are held up too once the account has seen enough wrong codes from everywhere.
    for (let i = 0; i < LIMITS.twoFactorAccount.points; i++) {
      const browser = visitor(server, newAddress());
      await passwordStep(browser, user.username, user.password);
      await codeStep(browser, String(200000 + i));
    }
    const stranger = visitor(server, newAddress());
    await passwordStep(stranger, user.username, user.password);
    expect((await codeStep(stranger, await unusedCode(user.id, user.secret))).value).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Too many attempts/),
    });

    // The owner's own browser (its device cookie) signs in with a right code...
    const again = ownersBrowser(user);
    expect((await signInWithCode(user, again)).redirectTo).toBe("/dashboard");
    // ...and the owner's signed-in session changes the password with a code and turns two-factor off with a recovery code.
    const newPassword = strongPassword();
    expect(
      await settingsAction(user.client, "changePasswordAction", {
        currentPassword: user.password,
        newPassword,
        confirmPassword: newPassword,
        code: user.recoveryCodes[2],
      }),
    ).toMatchObject({ ok: true });
    expect(
      await settingsAction(user.client, "disableTwoFactorAction", { code: user.recoveryCodes[1], password: newPassword }),
    ).toMatchObject({ ok: true });
  });

  it("wrong codes in settings are counted per session: after five that session waits, another does not", async () => {
    const user = await enrolled();
    for (let i = 0; i < 5; i++) {
      expect(
        await settingsAction(user.client, "regenerateRecoveryCodesAction", { code: String(300000 + i), password: user.password }),
      ).toMatchObject({
        ok: false,
        error: WRONG_CODE,
      });
    }
    expect(
      await settingsAction(user.client, "regenerateRecoveryCodesAction", {
        code: await unusedCode(user.id, user.secret),
        password: user.password,
      }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/^Too many attempts/) });
    const other = ownersBrowser(user);
    expect((await signInWithCode(user, other, user.recoveryCodes[0])).redirectTo).toBe("/dashboard");
    expect(
      await settingsAction(other, "regenerateRecoveryCodesAction", {
        code: await unusedCode(user.id, user.secret),
        password: user.password,
      }),
    ).toMatchObject({ ok: true });
  });
});

describe("the challenge of the password step", () => {
  it("is removed with the attributes it was set with (a __Host- cookie needs Secure and Path=/)", async () => {
    const user = await enrolled(secure);
    const browser = visitor(secure, newAddress());
    await passwordStep(browser, user.username, user.password);
    const set = browser.lastSetCookies.find((line) => line.startsWith("__Host-coffer-2fa="));
    expect(set).toMatch(/; Secure/i);
    expect((await codeStep(browser, await unusedCode(user.id, user.secret))).redirectTo).toBe("/dashboard");
    const removal = browser.lastSetCookies.find((line) => line.startsWith("__Host-coffer-2fa="));
    expect(removal).toBeDefined();
    expect(removal).toMatch(/^__Host-coffer-2fa=;/);
    expect(removal).toMatch(/; Secure/i);
    expect(removal).toMatch(/; Path=\//i);
    expect(removal).not.toMatch(/; Domain=/i);
    expect(removal).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
  });

  it("works once: the same challenge after signing in and out gets no session, whatever the code", async () => {
    const user = await enrolled();
    const browser = visitor(server, newAddress());
    await passwordStep(browser, user.username, user.password);
    const challenge = browser.cookie("coffer-2fa")!.value;
    expect((await codeStep(browser, user.recoveryCodes[0])).redirectTo).toBe("/dashboard");
    await browser.callAction("/settings", ACTION_FILES.settings, "signOutAction", [{}]);

    // A copy of the cookie (a shared computer, a browser that kept it) and a code alone: refused.
    const replay = visitor(server, newAddress(), { cookie: `coffer-2fa=${challenge}` });
    expect((await codeStep(replay, await unusedCode(user.id, user.secret))).value).toEqual({ ok: false, error: CHALLENGE_EXPIRED });
    expect(replay.sessionCookie()).toBeUndefined();
  });
});

describe("the flash cookie", () => {
  it("is Secure where cookies are", async () => {
    const user = await createUser();
    const client = visitor(secure, newAddress());
    expect(await client.signIn(user.username, user.password)).toBe(true);
    await client.callAction("/settings", ACTION_FILES.settings, "signOutAction", [{}]);
    const flash = client.lastSetCookies.find((line) => line.startsWith("coffer-flash="));
    expect(flash).toBeDefined();
    expect(flash).toMatch(/; Secure/i);
  });
});
