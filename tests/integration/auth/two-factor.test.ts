// Two-factor sign-in over real HTTP: enrolment confirmed by a first code, a second step at sign-in that
// the Auth.js endpoint cannot skip, codes accepted once within one step of now, recovery codes that work
// once, throttled wrong codes, and the settings that ask for a code. Admins see who has it on and can
// require it for administrators.
import { db } from "@/lib/db";
import { LIMITS } from "@/lib/rate-limit";
import { INVALID_SIGN_IN } from "@/lib/auth/messages";
import { WRONG_CODE } from "@/lib/auth/check-two-factor-code";
import { CHALLENGE_EXPIRED } from "@/lib/auth/two-factor-sign-in";
import { ADMIN_NEEDS_TWO_FACTOR } from "@/lib/admin/admin-two-factor";
import { totpCode, TOTP_PERIOD } from "@/lib/auth/totp";
import type { ActionResult } from "@/lib/actions/action-result";
import { startServer, type TestServer } from "../../support/server";
import { Client } from "../../support/http-client";
import { createUser, strongPassword } from "../../support/factories";
import { member, visitor, type Member } from "../../support/sharing";
import { ACTION_FILES } from "../../support/action-files";
import { codeStep, enrolTwoFactor, passwordStep, unusedCode, type Enrolled } from "../../support/two-factor";

jest.setTimeout(240_000);

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1" } });
});
afterAll(() => server?.stop());

let addressCounter = 0;
const newAddress = () => `198.51.100.${++addressCounter}`;

const settingsAction = <T = undefined>(client: Client, name: string, input: unknown) =>
  client.callAction<ActionResult<T>>("/settings", ACTION_FILES.settings, name, [input]).then((r) => r.value);

/** A signed-in user (from an address of their own) with two-factor on. */
async function enrolled(): Promise<Member & Enrolled> {
  const user = await createUser();
  const client = visitor(server, newAddress());
  expect(await client.signIn(user.username, user.password)).toBe(true);
  return { ...user, client, ...(await enrolTwoFactor(client, user.password)) };
}

/** Passes the password step in a new browser; answers it, waiting for a code. */
async function atCodeStep(user: { username: string; password: string }): Promise<Client> {
  const browser = visitor(server, newAddress());
  const first = await passwordStep(browser, user.username, user.password);
  expect(first.value).toEqual({ ok: true, data: { twoFactor: true } }); // no message: the code step says what to do, with no toast
  expect(browser.sessionCookie()).toBeUndefined();
  expect(browser.cookie("coffer-2fa")).toMatchObject({ httpOnly: true });
  return browser;
}

describe("turning two-factor on", () => {
  it("shows a QR code and the key, and stores nothing until a first code confirms it", async () => {
    const user = await member(server);
    const started = await settingsAction<{ secret: string; uri: string; qrCode: string; enrolment: string }>(
      user.client,
      "startTwoFactorAction",
      {},
    );
    if (!started?.ok) throw new Error(JSON.stringify(started));
    expect(started.data.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.data.uri).toBe(
      `otpauth://totp/Coffer:${user.username}?issuer=Coffer&secret=${started.data.secret}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(started.data.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(started.data.qrCode.split(",")[1], "base64").toString()).toContain("<svg");
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorSecret: null, twoFactorEnabledAt: null });

    // A wrong code, or an enrolment token that was tampered with, changes nothing.
    const wrong = await settingsAction(user.client, "confirmTwoFactorAction", {
      enrolment: started.data.enrolment,
      password: user.password,
      code: "000000",
    });
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { code: [WRONG_CODE] } });
    const [owner, , expires, mac] = started.data.enrolment.split(".");
    const swapped = `${owner}.JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP.${expires}.${mac}`;
    const tampered = await settingsAction(user.client, "confirmTwoFactorAction", {
      enrolment: swapped,
      password: user.password,
      code: totpCode("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
    });
    expect(tampered).toEqual({ ok: false, error: "This set-up has expired. Start again." });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorSecret: null, twoFactorEnabledAt: null });

    const confirmed = await settingsAction<{ recoveryCodes: string[] }>(user.client, "confirmTwoFactorAction", {
      enrolment: started.data.enrolment,
      password: user.password,
      code: totpCode(started.data.secret),
    });
    if (!confirmed?.ok) throw new Error(JSON.stringify(confirmed));
    expect(confirmed.data.recoveryCodes).toHaveLength(10);
    for (const code of confirmed.data.recoveryCodes) expect(code).toMatch(/^[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}$/);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.twoFactorEnabledAt).not.toBeNull();
    // Sealed with the master key, never the key in the clear; recovery codes stored as digests.
    expect(row.twoFactorSecret).toMatch(/^s1\./);
    expect(row.twoFactorSecret).not.toContain(started.data.secret);
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    for (const { codeHash } of stored) expect(confirmed.data.recoveryCodes.join()).not.toContain(codeHash);

    // Once on, it cannot be started again.
    expect(await settingsAction(user.client, "startTwoFactorAction", {})).toEqual({
      ok: false,
      error: "Two-factor sign-in is already on.",
    });
  });
});

describe("signing in with two-factor on", () => {
  it("asks for a code after the password, and signs in with it", async () => {
    const user = await enrolled();
    const browser = await atCodeStep(user);
    const result = await codeStep(browser, await unusedCode(user.id, user.secret), "/settings");
    expect(result.redirectTo).toBe("/settings");
    expect((await browser.session())?.user).toMatchObject({ id: user.id, twoFactor: true });
    expect(browser.cookie("coffer-2fa")).toBeUndefined();
    expect(await db.auditEvent.count({ where: { userId: user.id, kind: "auth.sign_in" } })).toBe(2);
  });

  it("the Auth.js endpoint alone gives no session, even with the right password", async () => {
    const user = await enrolled();
    const client = new Client(server.url);
    expect(await client.signIn(user.username, user.password)).toBe(false);
    expect(client.sessionCookie()).toBeUndefined();
    expect(await client.session()).toBeNull();
  });

  it("a wrong password never reaches the code step", async () => {
    const user = await enrolled();
    const browser = visitor(server, newAddress());
    expect((await passwordStep(browser, user.username, `${user.password}x`)).value).toEqual({ ok: false, error: INVALID_SIGN_IN });
    expect(browser.cookie("coffer-2fa")).toBeUndefined();
    expect((await codeStep(browser, await unusedCode(user.id, user.secret))).value).toEqual({ ok: false, error: CHALLENGE_EXPIRED });
  });

  it("a code works once: the same code is refused the second time, in another browser too", async () => {
    const user = await enrolled();
    const code = await unusedCode(user.id, user.secret);
    const first = await atCodeStep(user);
    expect((await codeStep(first, code)).redirectTo).toBe("/dashboard");
    const second = await atCodeStep(user);
    expect((await codeStep(second, code)).value).toEqual({ ok: false, error: WRONG_CODE, fieldErrors: { code: [WRONG_CODE] } });
    expect(second.sessionCookie()).toBeUndefined();
    // An older code (two steps back) is refused too: only one step either side of now counts.
    const old = totpCode(user.secret, Date.now() - 2 * TOTP_PERIOD * 1000);
    expect((await codeStep(second, old)).value).toMatchObject({ ok: false, error: WRONG_CODE });
  });

  it("parallel requests with the same code: exactly one signs in", async () => {
    const user = await enrolled();
    const code = await unusedCode(user.id, user.secret);
    const browsers = await Promise.all([atCodeStep(user), atCodeStep(user), atCodeStep(user)]);
    const results = await Promise.all(browsers.map((b) => codeStep(b, code)));
    expect(results.filter((r) => r.redirectTo === "/dashboard")).toHaveLength(1);
  });

  it("a recovery code signs in once, and is gone afterwards", async () => {
    const user = await enrolled();
    const [recovery] = user.recoveryCodes;
    const browser = await atCodeStep(user);
    // Case, spaces and dashes do not matter.
    expect((await codeStep(browser, ` ${recovery.toUpperCase().replace(/-/g, " ")} `)).redirectTo).toBe("/dashboard");
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(9);
    const again = await atCodeStep(user);
    expect((await codeStep(again, recovery)).value).toMatchObject({ ok: false, error: WRONG_CODE });
  });

  it("a recovery code does not depend on the app's secret: it signs in while the secret cannot be opened, and an app code says why it fails", async () => {
    const user = await enrolled();
    // As after a master key was removed while a secret was still sealed with it (start-up now refuses that).
    await db.user.update({ where: { id: user.id }, data: { twoFactorKeyId: "k-removed" } });
    const byApp = await atCodeStep(user);
    const refused = (await codeStep(byApp, await unusedCode(user.id, user.secret))).value;
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/cannot be checked right now\. Use a recovery code/) });
    const byRecovery = await atCodeStep(user);
    expect((await codeStep(byRecovery, user.recoveryCodes[0])).redirectTo).toBe("/dashboard");
  });

  // Per account and address here; per account across addresses, a device cookie's budget of its own and per session in
  // settings are in second-factor.test.ts.
  it(`wrong codes are throttled per account and address: after ${LIMITS.twoFactorAccountAddress.points}, even the right one waits`, async () => {
    const user = await enrolled();
    const address = newAddress();
    const browser = visitor(server, address);
    await passwordStep(browser, user.username, user.password);
    for (let i = 0; i < LIMITS.twoFactorAccountAddress.points; i++) {
      expect((await codeStep(browser, String(100000 + i))).value).toMatchObject({ ok: false, error: WRONG_CODE });
    }
    // Another browser from the same address waits too: the limit is the account's at that address.
    const other = visitor(server, address);
    await passwordStep(other, user.username, user.password);
    const refused = (await codeStep(other, await unusedCode(user.id, user.secret))).value as Extract<ActionResult, { ok: false }>;
    expect(refused.error).toMatch(/^Too many attempts\. Try again in \d+ minutes\.$/);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(other.sessionCookie()).toBeUndefined();
    expect(await db.auditEvent.count({ where: { userId: user.id, kind: "auth.two_factor_failed" } })).toBe(
      LIMITS.twoFactorAccountAddress.points,
    );
  });

  it("a challenge ends with 'sign out everywhere' and with a password change", async () => {
    const user = await enrolled();
    const browser = await atCodeStep(user);
    expect((await settingsAction(user.client, "signOutEverywhereAction", {})) ?? "redirected").toBe("redirected");
    expect((await codeStep(browser, await unusedCode(user.id, user.secret))).value).toEqual({ ok: false, error: CHALLENGE_EXPIRED });
    // A forged challenge for the account is refused the same way.
    const forged = new Client(server.url, { headers: { cookie: `coffer-2fa=${user.id}.1.x.9999999999.forged` } });
    expect((await codeStep(forged, await unusedCode(user.id, user.secret))).value).toEqual({ ok: false, error: CHALLENGE_EXPIRED });
  });
});

describe("settings that ask for a code", () => {
  it("changing the password needs a current code", async () => {
    const user = await enrolled();
    const newPassword = strongPassword();
    const input = { currentPassword: user.password, newPassword, confirmPassword: newPassword };
    expect(await settingsAction(user.client, "changePasswordAction", input)).toMatchObject({
      ok: false,
      fieldErrors: { code: ["Enter a code from your authenticator app or a recovery code."] },
    });
    expect(await settingsAction(user.client, "changePasswordAction", { ...input, code: "123456" })).toMatchObject({
      ok: false,
      error: WRONG_CODE,
    });
    const before = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } })).passwordHash).toBe(
      before.passwordHash,
    );
    expect(
      await settingsAction(user.client, "changePasswordAction", { ...input, code: await unusedCode(user.id, user.secret) }),
    ).toMatchObject({
      ok: true,
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } })).passwordHash).not.toBe(
      before.passwordHash,
    );
  });

  it("new recovery codes need a current code, and replace the old ones", async () => {
    const user = await enrolled();
    expect(await settingsAction(user.client, "regenerateRecoveryCodesAction", { code: "123456", password: user.password })).toMatchObject({
      ok: false,
      error: WRONG_CODE,
    });
    const renewed = await settingsAction<{ recoveryCodes: string[] }>(user.client, "regenerateRecoveryCodesAction", {
      code: await unusedCode(user.id, user.secret),
      password: user.password,
    });
    if (!renewed?.ok) throw new Error(JSON.stringify(renewed));
    expect(renewed.data.recoveryCodes).toHaveLength(10);
    expect(renewed.data.recoveryCodes).not.toContain(user.recoveryCodes[0]);
    const browser = await atCodeStep(user);
    expect((await codeStep(browser, user.recoveryCodes[1])).value).toMatchObject({ ok: false, error: WRONG_CODE });
    expect((await codeStep(browser, renewed.data.recoveryCodes[1])).redirectTo).toBe("/dashboard");
  });

  it("turning it off needs a current code; then the password alone signs in again", async () => {
    const user = await enrolled();
    expect(await settingsAction(user.client, "disableTwoFactorAction", { code: "123456", password: user.password })).toMatchObject({
      ok: false,
      error: WRONG_CODE,
    });
    expect(
      await settingsAction(user.client, "disableTwoFactorAction", {
        code: await unusedCode(user.id, user.secret),
        password: user.password,
      }),
    ).toEqual({
      ok: true,
      data: undefined,
      message: "Two-factor sign-in is off.",
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorSecret: null, twoFactorEnabledAt: null });
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    const browser = visitor(server, newAddress());
    expect((await passwordStep(browser, user.username, user.password)).redirectTo).toBe("/dashboard");
  });
});

describe("administrators", () => {
  it("see who has two-factor on", async () => {
    const admin = await member(server, { role: "admin" });
    const user = await enrolled();
    const html = await (await admin.client.get("/admin")).text();
    const row = (username: string) =>
      [...html.matchAll(/<tr[^>]*data-testid="admin-user-row"[^>]*>([\s\S]*?)<\/tr>/g)]
        .map((m) => m[1])
        .find((r) => r.includes(`>${username}<`))!;
    expect(row(user.username)).toMatch(/data-testid="two-factor-status"[^>]*>On</);
    expect(row(admin.username)).toMatch(/data-testid="two-factor-status"[^>]*>Off</);
  });

  it("can require it for administrators; an admin without it is kept out of administration until they turn it on", async () => {
    const admin = await member(server, { role: "admin" });
    const other = await member(server, { role: "admin" });
    const setRequired = (client: Client, required: boolean) =>
      client.callAction<ActionResult>("/admin", ACTION_FILES.admin, "setAdminTwoFactorAction", [{ required }]).then((r) => r.value);

    // Not without two-factor on one's own account.
    expect(await setRequired(admin.client, true)).toEqual({ ok: false, error: "Turn on two-factor sign-in for your own account first." });
    const enrolment = await enrolTwoFactor(admin.client, admin.password);
    expect(await setRequired(admin.client, true)).toMatchObject({ ok: true });

    // The other admin keeps the role, but the page says what to do and the actions answer "Not found.".
    const page = await (await other.client.get("/admin")).text();
    expect(page.replace(/<!-- -->/g, "")).toContain(ADMIN_NEEDS_TWO_FACTOR);
    expect(page).not.toContain('data-testid="admin-user-row"');
    expect(await setRequired(other.client, false)).toEqual({ ok: false, error: "Not found." });

    await enrolTwoFactor(other.client, other.password);
    expect(await (await other.client.get("/admin")).text()).toContain('data-testid="admin-user-row"');
    expect(await setRequired(other.client, false)).toMatchObject({ ok: true });
    expect(enrolment.recoveryCodes).toHaveLength(10);
  });
});
