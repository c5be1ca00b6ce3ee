// Accounts made by admins, over real HTTP on a database made by `prisma migrate deploy`: an admin creates a user
// (no usable password; a one-time "set your password" link shown once) and makes invitation links (single use,
// expiring, withdrawable) that register someone even with registration closed. Only admins (with two-factor when it is
// required) reach the actions; a used, expired or withdrawn link is refused with one message; two visitors racing one
// invitation make one account; everything is audited, and no token reaches the server's log.
import { db } from "@/lib/db";
import type { ActionResult } from "@/lib/actions/action-result";
import { INVITATION_INVALID, REGISTRATION_CLOSED } from "@/lib/auth/register-user";
import { SET_PASSWORD_LINK_INVALID } from "@/lib/recovery/reset-link";
import { startServer, type TestServer } from "../../support/server";
import { Client } from "../../support/http-client";
import { createUser, strongPassword, uniqueUsername } from "../../support/factories";
import { ACTION_FILES } from "../../support/action-files";
import { member, resultOf, visitor, type Member } from "../../support/sharing";

jest.setTimeout(120_000);

const NOT_FOUND = { ok: false, error: "Not found." };

let server: TestServer;
let admin: Member;
/** Every token the tests handle, checked against the server's log at the end. */
const secrets = new Set<string>();

beforeAll(async () => {
  // The test client is the trusted proxy, so each visitor can have an address of its own (registration is throttled).
  server = await startServer({ env: { TRUSTED_PROXIES: "127.0.0.1,::1", LOG_LEVEL: "debug" } });
  admin = await member(server, { role: "admin" });
});
afterAll(async () => {
  await server?.stop();
});

let addressCount = 0;
const fromOwnAddress = () => visitor(server, `203.0.113.${++addressCount}`);

type Made = { url: string; expiresAt: string; username?: string; name?: string };
const accountAction = (client: Client, name: string, input: unknown) =>
  client.callAction<ActionResult<Made>>("/admin", ACTION_FILES.adminAccounts, name, [input]).then(resultOf);
const adminAction = (client: Client, name: string, input: unknown) =>
  client.callAction<ActionResult>("/admin", ACTION_FILES.admin, name, [input]).then(resultOf);

function tokenOf(url: string, path: string): string {
  expect(url).toMatch(new RegExp(`^${server.url}${path}#[A-Za-z0-9_-]{43}$`));
  const token = new URL(url).hash.slice(1);
  secrets.add(token);
  return token;
}

async function createUserLink(username: string, email?: string) {
  const made = await accountAction(admin.client, "createUserAction", { username, ...(email ? { email } : {}) });
  if (!made.ok) throw new Error(made.error);
  return { ...made.data, token: tokenOf(made.data.url, "/set-password") };
}

async function invitation(days?: number) {
  const made = await accountAction(admin.client, "createInvitationAction", days === undefined ? {} : { days });
  if (!made.ok) throw new Error(made.error);
  const row = await db.accountToken.findFirstOrThrow({ where: { purpose: "invitation" }, orderBy: { createdAt: "desc" } });
  return { ...made.data, id: row.id, token: tokenOf(made.data.url, "/register") };
}

const inspectSetLink = (client: Client, token: string, purpose = "password_set") =>
  client
    .callAction<ActionResult<{ username: string }>>("/set-password", ACTION_FILES.resetPassword, "inspectResetLinkAction", [
      { token, purpose },
    ])
    .then(resultOf);

/** Sets the password with the link; answers the refusal, or "redirected" (to /login). */
async function setPassword(client: Client, token: string, password: string) {
  const response = await client.callAction<ActionResult>("/set-password", ACTION_FILES.resetPassword, "resetPasswordAction", [
    { token, purpose: "password_set", newPassword: password, confirmPassword: password },
  ]);
  return response.value ?? (response.redirectTo === "/login" ? "redirected" : `redirected to ${response.redirectTo}`);
}

/** Registers, with an invitation when given; answers the refusal, or "redirected" (to /dashboard). */
async function register(client: Client, username: string, invite?: string) {
  const response = await client.callAction<ActionResult>("/register", ACTION_FILES.register, "registerAction", [
    { username, password: strongPassword(), ...(invite === undefined ? {} : { invite }) },
  ]);
  return response.value ?? (response.redirectTo === "/dashboard" ? "redirected" : `redirected to ${response.redirectTo}`);
}

/** The open invitations the admin page lists, by their names. */
async function listedInvitations(): Promise<string[]> {
  const html = await (await admin.client.get("/admin")).text();
  return [...html.matchAll(/<tr[^>]*data-testid="invitation-row"[^>]*>[\s\S]*?<strong>(#[a-z0-9]{6})<\/strong>/g)].map((m) => m[1]);
}

const inspectInvitation = (client: Client, token: string) =>
  client.callAction<ActionResult>("/register", ACTION_FILES.register, "inspectInvitationAction", [{ token }]).then(resultOf);

describe("who may use the actions", () => {
  it("refuses a visitor, a signed-in user and an admin without the required two-factor, changing nothing", async () => {
    const outsider = await member(server);
    const open = await invitation();
    const before = { users: await db.user.count(), tokens: await db.accountToken.findMany({ orderBy: { id: "asc" } }) };
    const calls: [string, unknown][] = [
      ["createUserAction", { username: uniqueUsername("sneaky") }],
      ["createInvitationAction", { days: 30 }],
      ["revokeInvitationAction", { invitationId: open.id }],
    ];
    for (const [name, input] of calls) {
      // Without a session the request is sent to sign in; signed in as a non-admin, it does not exist.
      const anonymous = await visitor(server).callAction<ActionResult>("/admin", ACTION_FILES.adminAccounts, name, [input]);
      if (anonymous.value === undefined) expect(anonymous.redirectTo).toMatch(/^\/login(\?|$)/);
      else expect(anonymous.value).toEqual(NOT_FOUND);
      expect(await accountAction(outsider.client, name, input)).toEqual(NOT_FOUND);
    }
    // While admins must use two-factor, an admin session that signed in with the password alone is refused too.
    await db.appSetting.upsert({
      where: { key: "admin-two-factor" },
      create: { key: "admin-two-factor", value: "required" },
      update: { value: "required" },
    });
    try {
      for (const [name, input] of calls) expect(await accountAction(admin.client, name, input)).toEqual(NOT_FOUND);
    } finally {
      await db.appSetting.update({ where: { key: "admin-two-factor" }, data: { value: "optional" } });
    }
    expect({ users: await db.user.count(), tokens: await db.accountToken.findMany({ orderBy: { id: "asc" } }) }).toEqual(before);
    // The admin page shows no invitation to a non-admin.
    expect((await outsider.client.get("/admin")).status).toBe(404);
  });
});

describe("an admin creates a user", () => {
  it("makes an account without a usable password and a one-time link with which its owner sets one", async () => {
    const username = uniqueUsername("made");
    const made = await createUserLink(username.toUpperCase(), `${username}@Example.test`);
    expect(made.username).toBe(username);
    expect(new Date(made.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const stored = await db.user.findUniqueOrThrow({ where: { username } });
    expect(stored).toMatchObject({
      passwordHash: null,
      role: "user",
      disabled: false,
      email: `${username}@example.test`,
      emailVerified: null,
    });
    // Only the digest is stored.
    expect(JSON.stringify(await db.accountToken.findMany({ where: { userId: stored.id } }))).not.toContain(made.token);
    // The admin page lists the account as waiting for its password.
    expect(await (await admin.client.get("/admin")).text()).toContain("No password yet");

    // Until the link is used the account cannot sign in, with any password at all.
    for (const password of ["", "null", strongPassword()]) expect(await new Client(server.url).signIn(username, password)).toBe(false);
    // The link is no reset link, and a reset link's page does not take it as one.
    expect(await inspectSetLink(fromOwnAddress(), made.token, "password_reset")).toMatchObject({ ok: false });
    expect(await inspectSetLink(fromOwnAddress(), made.token)).toEqual({ ok: true, data: { username, twoFactor: false } });

    const password = strongPassword();
    secrets.add(password);
    expect(await setPassword(fromOwnAddress(), made.token, password)).toBe("redirected");
    const browser = new Client(server.url);
    expect(await browser.signIn(username, password)).toBe(true);
    expect((await browser.session())?.user?.username).toBe(username);

    // Used once: the same answer as for a link that expired or never existed.
    expect(await inspectSetLink(fromOwnAddress(), made.token)).toEqual({ ok: false, error: SET_PASSWORD_LINK_INVALID });
    expect(await setPassword(fromOwnAddress(), made.token, strongPassword())).toEqual({ ok: false, error: SET_PASSWORD_LINK_INVALID });
    expect(await new Client(server.url).signIn(username, password)).toBe(true);

    expect(
      await db.auditEvent.count({ where: { kind: "admin.user_created", userId: stored.id, actorId: admin.id, detail: username } }),
    ).toBe(1);
    expect(await db.auditEvent.count({ where: { kind: "auth.password_set", userId: stored.id, actorId: null } })).toBe(1);
  });

  it("follows registration's name rules: a taken name or address is a field error, a bad name too", async () => {
    const taken = await createUser({ email: `${uniqueUsername("taken")}@example.test` });
    const before = await db.user.count();
    expect(await accountAction(admin.client, "createUserAction", { username: taken.username.toUpperCase() })).toMatchObject({
      ok: false,
      fieldErrors: { username: ["That username is taken."] },
    });
    expect(await accountAction(admin.client, "createUserAction", { username: uniqueUsername("other"), email: taken.email })).toMatchObject({
      ok: false,
      fieldErrors: { email: ["That email is already registered."] },
    });
    expect(await accountAction(admin.client, "createUserAction", { username: "no spaces!" })).toMatchObject({
      ok: false,
      fieldErrors: { username: ["Use only letters a-z, digits, and _ . -"] },
    });
    expect(await accountAction(admin.client, "createUserAction", { username: "ab" })).toMatchObject({
      ok: false,
      fieldErrors: { username: expect.any(Array) },
    });
    expect(await db.user.count()).toBe(before);
  });

  it("refuses an expired set-password link with the same message, and the account still cannot sign in", async () => {
    const username = uniqueUsername("late");
    const made = await createUserLink(username);
    const user = await db.user.findUniqueOrThrow({ where: { username } });
    await db.accountToken.updateMany({
      where: { userId: user.id, purpose: "password_set" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await inspectSetLink(fromOwnAddress(), made.token)).toEqual({ ok: false, error: SET_PASSWORD_LINK_INVALID });
    expect(await setPassword(fromOwnAddress(), made.token, strongPassword())).toEqual({ ok: false, error: SET_PASSWORD_LINK_INVALID });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBeNull();
  });
});

describe("invitations", () => {
  beforeAll(async () => {
    expect(await adminAction(admin.client, "setRegistrationAction", { open: false })).toMatchObject({ ok: true });
  });

  it("registers one account with registration closed, once, and is audited", async () => {
    expect(await register(fromOwnAddress(), uniqueUsername("uninvited"))).toEqual({ ok: false, error: REGISTRATION_CLOSED });
    const invite = await invitation();
    expect(new Date(invite.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect(new Date(invite.expiresAt).getTime() - Date.now()).toBeLessThan(7.1 * 24 * 3600 * 1000);
    const row = await db.accountToken.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row).toMatchObject({ userId: null, purpose: "invitation", createdById: admin.id, usedAt: null });
    expect(row.tokenHash).not.toBe(invite.token);
    // The admin sees it among the open invitations.
    expect(await listedInvitations()).toContain(invite.name);

    expect(await inspectInvitation(fromOwnAddress(), invite.token)).toMatchObject({ ok: true });
    const username = uniqueUsername("invited");
    expect(await register(fromOwnAddress(), username, invite.token)).toBe("redirected");
    const user = await db.user.findUniqueOrThrow({ where: { username } });
    expect(user).toMatchObject({ role: "user", disabled: false });
    expect(await db.auditEvent.count({ where: { kind: "auth.registered_by_invitation", userId: user.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { kind: "admin.invitation_created", actorId: admin.id, detail: invite.name } })).toBe(1);

    // Used: refused with the one message, on the page and by the action; no longer listed.
    expect(await inspectInvitation(fromOwnAddress(), invite.token)).toEqual({ ok: false, error: INVITATION_INVALID });
    expect(await register(fromOwnAddress(), uniqueUsername("second"), invite.token)).toEqual({ ok: false, error: INVITATION_INVALID });
    expect(await listedInvitations()).not.toContain(invite.name);
  });

  it("refuses a withdrawn, an expired and a made-up invitation with the same message, making no account", async () => {
    const withdrawn = await invitation(1);
    expect(new Date(withdrawn.expiresAt).getTime() - Date.now()).toBeLessThan(24.1 * 3600 * 1000);
    expect(await accountAction(admin.client, "revokeInvitationAction", { invitationId: withdrawn.id })).toMatchObject({ ok: true });
    expect(await accountAction(admin.client, "revokeInvitationAction", { invitationId: withdrawn.id })).toMatchObject({ ok: false });
    expect(await db.auditEvent.count({ where: { kind: "admin.invitation_revoked", actorId: admin.id, detail: withdrawn.name } })).toBe(1);
    const expired = await invitation(30);
    await db.accountToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = await db.user.count();
    for (const token of [withdrawn.token, expired.token, "A".repeat(43), "short"]) {
      expect(await inspectInvitation(fromOwnAddress(), token)).toEqual({ ok: false, error: INVITATION_INVALID });
      expect(await register(fromOwnAddress(), uniqueUsername("refused"), token)).toEqual({ ok: false, error: INVITATION_INVALID });
    }
    expect(await db.user.count()).toBe(before);
    // A lifetime other than those offered is refused.
    expect(await accountAction(admin.client, "createInvitationAction", { days: 3650 })).toMatchObject({
      ok: false,
      fieldErrors: { days: expect.any(Array) },
    });
  });

  it("gives one account to two visitors racing one invitation", async () => {
    for (let round = 0; round < 3; round++) {
      const invite = await invitation();
      const names = [uniqueUsername("racer"), uniqueUsername("racer"), uniqueUsername("racer")];
      const answers = await Promise.all(names.map((name) => register(fromOwnAddress(), name, invite.token)));
      expect(answers.filter((a) => a === "redirected")).toHaveLength(1);
      for (const answer of answers.filter((a) => a !== "redirected")) expect(answer).toEqual({ ok: false, error: INVITATION_INVALID });
      expect(await db.user.count({ where: { username: { in: names } } })).toBe(1);
    }
  });

  it("leaves a taken name as a field error without using the invitation up", async () => {
    const invite = await invitation();
    expect(await register(fromOwnAddress(), admin.username, invite.token)).toMatchObject({
      ok: false,
      fieldErrors: { username: ["That username is taken."] },
    });
    expect(await register(fromOwnAddress(), uniqueUsername("after"), invite.token)).toBe("redirected");
  });
});

describe("the server's log", () => {
  it("holds no token or password", async () => {
    const logs = server.logs();
    expect(secrets.size).toBeGreaterThan(8);
    for (const secret of secrets) expect({ secret, found: logs.includes(secret) }).toEqual({ secret, found: false });
    expect(logs).not.toContain("/set-password#");
    expect(logs).not.toContain("/register#");
  });
});
