// Account recovery over real HTTP and a real SMTP server: "Forgot password?" answers the same for every address and
// mails a link only for a confirmed one, within its limits; the link works once, for 30 minutes, ends every session
// and every other link, is audited and noticed by mail; two-factor is still asked; an admin's one-time link (page
// and command line) and an admin's two-factor reset; and no token or password reaches the server's log.
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { db } from "@/lib/db";
import type { ActionResult } from "@/lib/actions/action-result";
import { startServer, type TestServer } from "../../support/server";
import { TestMailServer } from "../../support/mail-server";
import { Client } from "../../support/http-client";
import { createUser, strongPassword, uniqueUsername } from "../../support/factories";
import { ACTION_FILES } from "../../support/action-files";
import { member, resultOf, visitor } from "../../support/sharing";
import { confirmedMember, inspectResetLink, requestReset, resetWith, tokenIn } from "../../support/mail-accounts";
import { enrolTwoFactor, passwordStep, codeStep, unusedCode } from "../../support/two-factor";
import { waitFor } from "../../support/upload";

const root = path.resolve(__dirname, "../../..");
const run = promisify(execFile);
const SAME_ANSWER = "If an account has this confirmed address, a reset link is on its way to it.";
const INVALID = "This reset link does not work any more: it was used, it expired, or a newer one replaced it. Ask for a new one.";

let mail: TestMailServer;
let server: TestServer;
/** Every secret the tests handle, checked against the server's log at the end. */
const secrets = new Set<string>();

beforeAll(async () => {
  mail = await TestMailServer.start();
  // The test client is the trusted proxy, so each visitor can have an address of its own.
  server = await startServer({ env: { ...mail.env, TRUSTED_PROXIES: "127.0.0.1,::1", LOG_LEVEL: "debug", MAIL_RETRY_SECONDS: "1" } });
});
afterAll(async () => {
  await server?.stop();
  await mail?.stop();
});

let addressCount = 0;
const fromOwnAddress = () => visitor(server, `203.0.113.${++addressCount}`);

const RESET_SUBJECT = "Reset your Coffer password";

async function resetMail(email: string, count = 1) {
  const mails = await mail.waitForMails(email, count, { subject: RESET_SUBJECT });
  const last = mails[mails.length - 1];
  const token = tokenIn(last, server, "/reset-password#");
  secrets.add(token);
  return { mail: last, token };
}

describe("Forgot password?", () => {
  it("answers the same for a confirmed address, an unknown one, an unconfirmed one and a disabled account", async () => {
    const confirmed = await confirmedMember(server);
    const unconfirmed = await createUser({ email: `${uniqueUsername("unconf")}@example.test` });
    const disabled = await createUser({ email: `${uniqueUsername("disabled")}@example.test`, disabled: true });
    await db.user.update({ where: { id: disabled.id }, data: { emailVerified: new Date() } });
    const answers = [];
    for (const email of [confirmed.email, "nobody-at-all@example.test", unconfirmed.email!, disabled.email!]) {
      answers.push(await requestReset(fromOwnAddress(), email.toUpperCase()));
    }
    for (const [i, answer] of answers.entries()) {
      expect(answer).toEqual({
        ok: true,
        message: SAME_ANSWER,
        data: { email: [confirmed.email, "nobody-at-all@example.test", unconfirmed.email, disabled.email][i] },
      });
    }
    const { mail: received } = await resetMail(confirmed.email);
    expect(received.text).toContain(`reset the password of the Coffer account ${confirmed.username}`);
    expect(received.text).toContain("The link works once, for 30 minutes.");
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const email of ["nobody-at-all@example.test", unconfirmed.email!, disabled.email!]) expect(mail.mailsTo(email)).toHaveLength(0);
    // The owner sees the request in their account's activity.
    expect(await db.auditEvent.count({ where: { userId: confirmed.id, kind: "auth.password_reset_requested" } })).toBe(1);
  });

  it("mails at most 3 links an hour per address and per account, answering the same, and refuses a network that asks too often", async () => {
    const user = await confirmedMember(server);
    for (let i = 0; i < 5; i++) expect(await requestReset(fromOwnAddress(), user.email)).toMatchObject({ ok: true, message: SAME_ANSWER });
    await mail.waitForMails(user.email, 3, { subject: RESET_SUBJECT });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(mail.mailsTo(user.email, RESET_SUBJECT)).toHaveLength(3);
    expect(await db.accountToken.count({ where: { userId: user.id, purpose: "password_reset" } })).toBe(3);

    // One network: 10 requests an hour, then "too many" (the same for every address, so it says nothing of accounts).
    const network = visitor(server, "198.51.100.77");
    const outcomes = [];
    for (let i = 0; i < 11; i++) outcomes.push(await requestReset(network, `someone-${i}@example.test`));
    expect(outcomes.slice(0, 10).every((o) => o.ok)).toBe(true);
    expect(outcomes[10]).toMatchObject({ ok: false, error: expect.stringMatching(/^Too many attempts/) });
  });
});

describe("a reset link", () => {
  it("sets a new password once, ends every session and every other link, and is audited and noticed", async () => {
    const user = await confirmedMember(server);
    const otherBrowser = new Client(server.url);
    expect(await otherBrowser.signIn(user.username, user.password)).toBe(true);
    await requestReset(fromOwnAddress(), user.email);
    const first = await resetMail(user.email, 1);
    await requestReset(fromOwnAddress(), user.email);
    const second = await resetMail(user.email, 2);
    expect(second.token).not.toBe(first.token);

    const stranger = fromOwnAddress();
    // Only the newest link works.
    expect(await inspectResetLink(stranger, first.token)).toEqual({ ok: false, error: INVALID });
    expect(await inspectResetLink(stranger, second.token)).toEqual({ ok: true, data: { username: user.username, twoFactor: false } });

    const weak = await resetWith(stranger, second.token, "password1234");
    expect(weak).toMatchObject({ ok: false, fieldErrors: { newPassword: [expect.any(String)] } });
    const newPassword = strongPassword();
    secrets.add(newPassword).add(user.password);
    expect(await resetWith(stranger, second.token, newPassword)).toBe("redirected");

    // Every session is gone, the old password too; the new one works.
    expect(await user.client.session()).toBeNull();
    expect(await otherBrowser.session()).toBeNull();
    expect(await db.userSession.count({ where: { userId: user.id } })).toBe(0);
    expect(await new Client(server.url).signIn(user.username, user.password)).toBe(false);
    expect(await new Client(server.url).signIn(user.username, newPassword)).toBe(true);
    // The link does not work twice, nor does any other.
    expect(await resetWith(fromOwnAddress(), second.token, strongPassword())).toEqual({ ok: false, error: INVALID });
    expect(await db.accountToken.count({ where: { userId: user.id, purpose: "password_reset", usedAt: null } })).toBe(0);

    const audit = await db.auditEvent.findFirstOrThrow({ where: { userId: user.id, kind: "auth.password_reset" } });
    expect(audit).toMatchObject({ actorId: null, address: expect.stringMatching(/^203\.0\.113\.0\/24$/) });
    const notice = await mail.waitForMail(user.email, { subject: "Your Coffer password was reset" });
    expect(notice.text).toContain(`The password of your Coffer account ${user.username} was reset with a reset link`);
  });

  it("stops working after 30 minutes and after a password change", async () => {
    const user = await confirmedMember(server);
    await requestReset(fromOwnAddress(), user.email);
    const { token } = await resetMail(user.email);
    await db.accountToken.updateMany({
      where: { userId: user.id, purpose: "password_reset" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await resetWith(fromOwnAddress(), token, strongPassword())).toEqual({ ok: false, error: INVALID });

    await requestReset(fromOwnAddress(), user.email);
    const fresh = await resetMail(user.email, 2);
    const created = await db.accountToken.findFirstOrThrow({ where: { userId: user.id, usedAt: null } });
    expect(Math.abs(created.expiresAt.getTime() - created.createdAt.getTime() - 30 * 60 * 1000)).toBeLessThan(5_000);
    const changed = await user.client.callAction<ActionResult>("/settings", ACTION_FILES.settings, "changePasswordAction", [
      { currentPassword: user.password, newPassword: `${user.password}-2`, confirmPassword: `${user.password}-2` },
    ]);
    expect(changed.value).toMatchObject({ ok: true });
    expect(await resetWith(fromOwnAddress(), fresh.token, strongPassword())).toEqual({ ok: false, error: INVALID });
  });

  it("is stored only as a digest, and the waiting mail holds it only sealed", async () => {
    const user = await confirmedMember(server);
    await mail.stop();
    try {
      await requestReset(fromOwnAddress(), user.email);
      const row = await db.outboxMail.findFirstOrThrow({ where: { userId: user.id, kind: "password_reset" } });
      expect(row.payload).toMatch(/^s1\./);
      await mail.start();
      const { token } = await resetMail(user.email);
      expect(row.payload).not.toContain(token);
      const stored = await db.accountToken.findMany({ where: { userId: user.id } });
      for (const t of stored) expect(t.tokenHash).not.toBe(token);
      await waitFor(async () => (await db.outboxMail.findUniqueOrThrow({ where: { id: row.id } })).payload === null, 5_000);
    } finally {
      await mail.start().catch(() => {});
    }
  });
});

describe("two-factor is not bypassed", () => {
  it("asks for a code before a reset changes anything, takes a recovery code, and still asks for a code at sign-in", async () => {
    const user = await confirmedMember(server);
    const enrolled = await enrolTwoFactor(user.client, user.password);
    await requestReset(fromOwnAddress(), user.email);
    const { mail: received, token } = await resetMail(user.email);
    expect(received.text).toContain("Two-factor sign-in is on: you will need a code");
    const stranger = fromOwnAddress();
    expect(await inspectResetLink(stranger, token)).toEqual({ ok: true, data: { username: user.username, twoFactor: true } });

    const newPassword = strongPassword();
    secrets.add(newPassword);
    expect(await resetWith(stranger, token, newPassword)).toMatchObject({
      ok: false,
      fieldErrors: { code: [expect.stringMatching(/Enter a code/)] },
    });
    expect(await resetWith(stranger, token, newPassword, "123456")).toMatchObject({
      ok: false,
      fieldErrors: { code: [expect.any(String)] },
    });
    // Nothing changed: the old password still signs in (to the code step), the link still works.
    expect((await passwordStep(new Client(server.url), user.username, user.password)).value).toMatchObject({
      ok: true,
      data: { twoFactor: true },
    });
    expect(await inspectResetLink(stranger, token)).toMatchObject({ ok: true });

    expect(await resetWith(stranger, token, newPassword, enrolled.recoveryCodes[0])).toBe("redirected");
    const browser = new Client(server.url);
    const step = await passwordStep(browser, user.username, newPassword);
    expect(step.value).toMatchObject({ ok: true, data: { twoFactor: true } });
    expect((await browser.session())?.user).toBeUndefined();
    const signedIn = await codeStep(browser, await unusedCode(user.id, enrolled.secret));
    expect(signedIn.redirectTo).toBe("/dashboard");
    expect((await browser.session())?.user?.username).toBe(user.username);
  });
});

describe("recovery through an administrator", () => {
  const adminAction = (client: Client, name: string, userId: string) =>
    client
      .callAction<ActionResult<{ url: string; expiresAt: string }>>("/admin", ACTION_FILES.adminRecovery, name, [{ userId }])
      .then(resultOf);

  it("makes a one-time link from the admin page that only the user's new password follows, and tells the user", async () => {
    const admin = await member(server, { role: "admin" });
    const user = await confirmedMember(server);
    const outsider = await member(server);
    expect(await adminAction(outsider.client, "issueResetLinkAction", user.id)).toEqual({ ok: false, error: "Not found." });
    expect(await adminAction(admin.client, "issueResetLinkAction", admin.id)).toMatchObject({ ok: false });

    const issued = await adminAction(admin.client, "issueResetLinkAction", user.id);
    if (!issued.ok) throw new Error(issued.error);
    expect(issued.data.url).toMatch(new RegExp(`^${server.url}/reset-password#[A-Za-z0-9_-]{43}$`));
    const token = new URL(issued.data.url).hash.slice(1);
    secrets.add(token);
    const notice = await mail.waitForMail(user.email, { subject: "An administrator made a password reset link for you" });
    expect(notice.text).toContain(`An administrator made a one-time password reset link for your Coffer account ${user.username}`);
    expect(notice.text).not.toContain(token);

    const newPassword = strongPassword();
    secrets.add(newPassword);
    expect(await resetWith(fromOwnAddress(), token, newPassword)).toBe("redirected");
    expect(await user.client.session()).toBeNull();
    expect(await new Client(server.url).signIn(user.username, newPassword)).toBe(true);
    expect(await db.auditEvent.count({ where: { kind: "admin.reset_link_issued", userId: user.id, actorId: admin.id } })).toBe(1);
    // The admin's page never had the password: only the user typed it.
    expect(await (await admin.client.get("/admin")).text()).not.toContain(newPassword);
  });

  it("prints a one-time link with `npm run admin -- reset-link`", async () => {
    const user = await createUser();
    const { stdout } = await run(
      path.join(root, "node_modules/.bin/tsx"),
      ["--conditions=react-server", "scripts/admin.ts", "reset-link", user.username.toUpperCase()],
      {
        cwd: root,
        env: { ...process.env, APP_URL: server.url },
      },
    );
    const url = /^http\S+$/m.exec(stdout)?.[0];
    expect(url).toMatch(new RegExp(`^${server.url}/reset-password#[A-Za-z0-9_-]{43}$`));
    // Run without the mail settings, the command says the user is not mailed about it.
    expect(stdout).toContain("this Coffer sends no mail (SMTP_URL is not set), so tell them yourself.");
    const token = new URL(url!).hash.slice(1);
    secrets.add(token);
    const newPassword = strongPassword();
    secrets.add(newPassword);
    expect(await resetWith(fromOwnAddress(), token, newPassword)).toBe("redirected");
    expect(await new Client(server.url).signIn(user.username, newPassword)).toBe(true);
    expect(await db.auditEvent.findFirst({ where: { kind: "admin.reset_link_issued", userId: user.id } })).toMatchObject({
      actorId: null,
      detail: `${user.username} (from the command line)`,
    });
  });

  it("turns two-factor off for a user who lost their device: audited, signed out, told", async () => {
    const admin = await member(server, { role: "admin" });
    const user = await confirmedMember(server);
    await enrolTwoFactor(user.client, user.password);
    const done = await adminAction(admin.client, "resetTwoFactorAction", user.id);
    expect(done).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorSecret: null, twoFactorEnabledAt: null });
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await user.client.session()).toBeNull();
    expect(await db.auditEvent.count({ where: { kind: "admin.two_factor_reset", userId: user.id, actorId: admin.id } })).toBe(1);
    const told = await mail.waitForMail(user.email, { subject: "An administrator turned off your two-factor sign-in" });
    expect(told.text).toContain(`An administrator turned off two-factor sign-in for your Coffer account ${user.username}`);
    // The user sees it in their own account activity too.
    const browser = new Client(server.url);
    expect(await browser.signIn(user.username, user.password)).toBe(true);
    expect(await (await browser.get("/settings")).text()).toContain("turned off two-factor sign-in for your account (a lost device)");
    // Once is enough: a second reset says there is nothing to reset.
    expect(await adminAction(admin.client, "resetTwoFactorAction", user.id)).toMatchObject({ ok: false });
  });

  it("turns two-factor off with `npm run admin -- reset-two-factor`: audited as the command line's, signed out, told", async () => {
    const user = await confirmedMember(server);
    await enrolTwoFactor(user.client, user.password);
    const { stdout } = await run(
      path.join(root, "node_modules/.bin/tsx"),
      ["--conditions=react-server", "scripts/admin.ts", "reset-two-factor", user.username.toUpperCase()],
      // The operator's command reads the server's environment (its .env), mail settings included.
      { cwd: root, env: { ...process.env, ...mail.env, APP_URL: server.url } },
    );
    expect(stdout).toContain(
      `Two-factor sign-in is off for ${user.username}; their sessions were ended. It is in their account's activity, and mailed to their address if it is confirmed.`,
    );
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ twoFactorSecret: null, twoFactorEnabledAt: null });
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await user.client.session()).toBeNull();
    expect(await db.auditEvent.findFirst({ where: { kind: "admin.two_factor_reset", userId: user.id } })).toMatchObject({ actorId: null });
    await mail.waitForMail(user.email, { subject: "An administrator turned off your two-factor sign-in" });
    // The password alone signs in now, and the account's activity says what happened.
    const browser = new Client(server.url);
    expect(await browser.signIn(user.username, user.password)).toBe(true);
    expect(await (await browser.get("/settings")).text()).toContain("turned off two-factor sign-in for your account (a lost device)");
    // An unknown name changes nothing and says so.
    const unknown = await run(
      path.join(root, "node_modules/.bin/tsx"),
      ["--conditions=react-server", "scripts/admin.ts", "reset-two-factor", "nobody-by-this-name"],
      { cwd: root, env: { ...process.env, APP_URL: server.url } },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('No user named "nobody-by-this-name".') });
  });
});

describe("the server's log", () => {
  it("holds no token, password or mail contents", async () => {
    const logs = server.logs();
    expect(secrets.size).toBeGreaterThan(8);
    for (const secret of secrets) expect({ secret, found: logs.includes(secret) }).toEqual({ secret, found: false });
    expect(logs).not.toContain(mail.password);
    expect(logs).not.toContain("/reset-password#");
    // It does say what it sent.
    expect(logs).toContain('"msg":"mail sent"');
  });
});
