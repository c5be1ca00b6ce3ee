// The audit trail and the admin page over real HTTP. Every kind of event the app records leaves a row
// naming whom it concerns and who did it; a user sees only their own on /settings, an admin sees
// everyone's on /admin and can filter them. Only admins reach /admin and its actions; disabling a user
// ends their sessions, links and shares at once, enabling brings them back, closing registration stops
// sign-ups, and deleting a user removes their rows and blobs.
import { db } from "@/lib/db";
import { AUDIT_KINDS } from "@/lib/audit";
import { INVALID_SIGN_IN } from "@/lib/auth/messages";
import { REGISTRATION_CLOSED } from "@/lib/auth/register-user";
import type { ActionResult } from "@/lib/actions/action-result";
import { startServer, type TestServer } from "../../support/server";
import { Client } from "../../support/http-client";
import { strongPassword, uniqueUsername } from "../../support/factories";
import { hasBlob, storedBlobs } from "../../support/storage";
import { sourceActions } from "../../support/server-actions";
import {
  createLink,
  deleteFile,
  member,
  revokeLink,
  revokeShare,
  shareFile,
  uploadFile,
  visitor,
  unlockLink,
  type Member,
} from "../../support/sharing";
import { ACTION_FILES } from "../../support/action-files";
import { enrolTwoFactor, unusedCode } from "../../support/two-factor";
import { TestMailServer } from "../../support/mail-server";
import { requestReset, resetWith, tokenIn } from "../../support/mail-accounts";

jest.setTimeout(120_000);

const SESSION_ENDED = "Your session has ended. Please sign in again.";

let server: TestServer;
let admin: Member;
// Mail is on, so that the recovery events (a reset asked for and used, an address confirmed) happen too.
let mail: TestMailServer;

beforeAll(async () => {
  mail = await TestMailServer.start();
  server = await startServer({ env: mail.env });
  admin = await member(server, { role: "admin" });
});

afterAll(async () => {
  await server?.stop();
  await mail?.stop();
});

async function adminAction(client: Client, name: string, input: unknown): Promise<ActionResult> {
  const response = await client.callAction<ActionResult>("/admin", ACTION_FILES.admin, name, [input]);
  if (response.value === undefined) throw new Error(`${name}: no value (status ${response.status}, redirect ${response.redirectTo})`);
  return response.value;
}

async function register(client: Client, username: string) {
  return client.callAction<ActionResult>("/register", ACTION_FILES.register, "registerAction", [{ username, password: strongPassword() }]);
}

/** The audit rows a page shows, as their text with the markup removed. */
function auditRows(html: string): string[] {
  return [...html.matchAll(/<tr[^>]*data-testid="audit-row"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    m[1]
      .replace(/<[^>]+>/g, " ")
      .replace(/&quot;/g, '"')
      .replace(/&#x27;/g, "'")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

/** The href of a page's "Older" link, or null on the last page. */
function olderLink(html: string): string | null {
  const href = /<a[^>]*href="([^"]*)"[^>]*>Older<\/a>/.exec(html)?.[1];
  return href ? href.replace(/&amp;/g, "&") : null;
}

async function page(client: Client, path: string): Promise<{ status: number; html: string }> {
  const response = await client.get(path);
  return { status: response.status, html: await response.text() };
}

// ---- The audit trail ---------------------------------------------------------------------------------

describe("the audit trail", () => {
  let alice: Member;
  let bob: Member;
  let target: Member;
  /** Made by the admin (who hands over its set-password link), and registered with an invitation. */
  let made: { id: string; username: string };
  let invited: { id: string; username: string };
  const aliceFile = `alice-audit-${uniqueUsername("f")}.txt`;
  const bobFiles = [`bob-audit-a-${uniqueUsername("f")}.txt`, `bob-audit-b-${uniqueUsername("f")}.txt`];

  beforeAll(async () => {
    [alice, bob, target] = await Promise.all([member(server), member(server), member(server)]);
    // A failed sign-in of a known account.
    expect(await visitor(server).signIn(alice.username, "not the password at all")).toBe(false);
    for (const name of bobFiles) await uploadFile(bob, name, Buffer.from(`${name}\n`));
    const file = await uploadFile(alice, aliceFile, Buffer.from("alice's file\n"));
    expect((await shareFile(alice.client, file.id, bob.username)).ok).toBe(true);
    const share = await db.share.findFirstOrThrow({ where: { fileId: file.id } });
    expect((await revokeShare(alice.client, file.id, share.id)).ok).toBe(true);
    const link = await createLink(alice, file.id, { label: "audited" });
    expect((await revokeLink(alice.client, file.id, link.id)).ok).toBe(true);
    expect((await deleteFile(alice.client, file.id)).ok).toBe(true);
    // An API token: made, used (from a network it was not used from before), revoked.
    const tokenMade = await alice.client.callAction<ActionResult<{ token: string }>>(
      "/settings",
      ACTION_FILES.settingsTokens,
      "createTokenAction",
      [{ name: "audited token", scopes: ["files:read"], lifetime: "30" }],
    );
    const token = (tokenMade.value as { ok: true; data: { token: string } }).data.token;
    expect((await fetch(new URL("/api/files/none/download", server.url), { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      404,
    );
    const tokenRow = await db.apiToken.findFirstOrThrow({ where: { userId: alice.id, name: "audited token" } });
    const revokedToken = await alice.client.callAction<ActionResult>("/settings", ACTION_FILES.settingsTokens, "revokeTokenAction", [
      { tokenId: tokenRow.id },
    ]);
    expect(revokedToken.value).toMatchObject({ ok: true });
    const newPassword = strongPassword();
    const changed = await alice.client.callAction<ActionResult>("/settings", ACTION_FILES.settings, "changePasswordAction", [
      { currentPassword: alice.password, newPassword, confirmPassword: newPassword },
    ]);
    expect(changed.value).toMatchObject({ ok: true });
    alice.password = newPassword;
    const everywhere = await alice.client.callAction("/settings", ACTION_FILES.settings, "signOutEverywhereAction", [{}]);
    expect(everywhere.redirectTo).toBe("/login");
    expect(await alice.client.signIn(alice.username, alice.password)).toBe(true);

    // Two-factor: turned on, a wrong code, new recovery codes made with a recovery code, turned off with a code.
    const settingsAction = (name: string, input: unknown) =>
      alice.client.callAction<ActionResult>("/settings", ACTION_FILES.settings, name, [input]).then((r) => r.value);
    const enrolled = await enrolTwoFactor(alice.client, alice.password);
    expect(await settingsAction("regenerateRecoveryCodesAction", { code: "not-a-code", password: alice.password })).toMatchObject({
      ok: false,
    });
    expect(
      await settingsAction("regenerateRecoveryCodesAction", { code: enrolled.recoveryCodes[0], password: alice.password }),
    ).toMatchObject({ ok: true });
    expect(
      await settingsAction("disableTwoFactorAction", { code: await unusedCode(alice.id, enrolled.secret), password: alice.password }),
    ).toMatchObject({
      ok: true,
    });
    expect(await settingsAction("signOutOtherSessionsAction", {})).toMatchObject({ ok: true });
    // A visitor tries a wrong password on one of alice's links.
    const locked = await createLink(alice, (await uploadFile(alice, "locked.txt", Buffer.from("locked\n"))).id, {
      label: "locked",
      password: "the link's own password",
    });
    expect(await unlockLink(visitor(server), locked.token, "a wrong link password")).toMatchObject({ ok: false });
    // Alice asks for files, closes the request and reopens it; a visitor tries a wrong password on it.
    const requestAction = (name: string, input: unknown) =>
      alice.client.callAction<ActionResult<{ path: string }>>("/dashboard", ACTION_FILES.requests, name, [input]).then((r) => r.value);
    const requested = (await requestAction("createRequestAction", {
      label: "audited request",
      expiry: "7d",
      maxFiles: 2,
      maxTotalMiB: 5,
      password: "the request's own password",
    })) as { ok: true; data: { path: string } };
    expect(requested).toMatchObject({ ok: true });
    const aliceRequest = await db.fileRequest.findFirstOrThrow({ where: { ownerId: alice.id } });
    expect(await requestAction("closeRequestAction", { requestId: aliceRequest.id })).toMatchObject({ ok: true });
    expect(await requestAction("reopenRequestAction", { requestId: aliceRequest.id })).toMatchObject({ ok: true });
    const requestToken = requested.data.path.slice("/r/".length);
    const wrongOnRequest = await visitor(server).callAction<ActionResult>(
      requested.data.path,
      ACTION_FILES.request,
      "unlockRequestAction",
      [{ token: requestToken, password: "a wrong request password" }],
    );
    expect(wrongOnRequest.value).toMatchObject({ ok: false });
    // Alice gives her address and confirms it, forgets her password and resets it with the mailed link.
    const aliceEmail = `${alice.username}@example.test`;
    const emailChanged = await alice.client.callAction<ActionResult>("/settings", ACTION_FILES.settingsMail, "changeEmailAction", [
      { email: aliceEmail, currentPassword: alice.password },
    ]);
    expect(emailChanged.value).toMatchObject({ ok: true });
    const confirmation = await mail.waitForMail(aliceEmail, { subject: "Confirm your email address for Coffer" });
    const confirmed = await visitor(server).callAction<ActionResult>("/confirm-email", ACTION_FILES.confirmEmail, "confirmEmailAction", [
      { token: tokenIn(confirmation, server, "/confirm-email#") },
    ]);
    expect(confirmed.value).toMatchObject({ ok: true });
    expect(await requestReset(visitor(server), aliceEmail)).toMatchObject({ ok: true });
    const resetMail = await mail.waitForMail(aliceEmail, { subject: "Reset your Coffer password" });
    const resetPassword = strongPassword();
    expect(await resetWith(visitor(server), tokenIn(resetMail, server, "/reset-password#"), resetPassword)).toBe("redirected");
    alice.password = resetPassword;
    expect(await alice.client.signIn(alice.username, alice.password)).toBe(true);
    // An admin with two-factor on requires it for administrators, then makes it optional again.
    await enrolTwoFactor(admin.client, admin.password);
    // The target lost their authenticator: an admin makes them a reset link and turns their two-factor off.
    await enrolTwoFactor(target.client, target.password);
    for (const name of ["issueResetLinkAction", "resetTwoFactorAction"]) {
      const done = await admin.client.callAction<ActionResult>("/admin", ACTION_FILES.adminRecovery, name, [{ userId: target.id }]);
      expect(done.value).toMatchObject({ ok: true });
    }
    // The admin creates an account, whose owner sets the password with the link; and makes an invitation that
    // someone registers with, and another that is withdrawn.
    const accountAction = (name: string, input: unknown) =>
      admin.client
        .callAction<ActionResult<{ url: string }>>("/admin", ACTION_FILES.adminAccounts, name, [input])
        .then((r) => r.value as { ok: true; data: { url: string } });
    const madeName = uniqueUsername("made");
    const setLink = await accountAction("createUserAction", { username: madeName });
    expect(setLink).toMatchObject({ ok: true });
    made = await db.user.findUniqueOrThrow({ where: { username: madeName }, select: { id: true, username: true } });
    const madePassword = strongPassword();
    const setDone = await visitor(server).callAction<ActionResult>("/set-password", ACTION_FILES.resetPassword, "resetPasswordAction", [
      { token: new URL(setLink.data.url).hash.slice(1), purpose: "password_set", newPassword: madePassword, confirmPassword: madePassword },
    ]);
    expect(setDone.redirectTo).toBe("/login");
    const invitation = await accountAction("createInvitationAction", {});
    const invitedName = uniqueUsername("invited");
    const joined = await visitor(server).callAction<ActionResult>("/register", ACTION_FILES.register, "registerAction", [
      { username: invitedName, password: strongPassword(), invite: new URL(invitation.data.url).hash.slice(1) },
    ]);
    expect(joined.redirectTo).toBe("/dashboard");
    invited = await db.user.findUniqueOrThrow({ where: { username: invitedName }, select: { id: true, username: true } });
    expect(await accountAction("createInvitationAction", { days: 1 })).toMatchObject({ ok: true });
    const open = await db.accountToken.findFirstOrThrow({ where: { purpose: "invitation", usedAt: null } });
    expect(await accountAction("revokeInvitationAction", { invitationId: open.id })).toMatchObject({ ok: true });

    for (const [name, input] of [
      ["disableUserAction", { userId: target.id }],
      ["enableUserAction", { userId: target.id }],
      ["setRegistrationAction", { open: false }],
      ["setRegistrationAction", { open: true }],
      ["setAdminTwoFactorAction", { required: true }],
      ["setAdminTwoFactorAction", { required: false }],
      ["setFileRequestsAction", { enabled: false }],
      ["setFileRequestsAction", { enabled: true }],
      ["deleteUserAction", { userId: target.id }],
    ] as const) {
      expect(await adminAction(admin.client, name, input)).toMatchObject({ ok: true });
    }
  });

  it("has a row for every kind of event, naming whom it concerns and who did it", async () => {
    const rows = await db.auditEvent.findMany({ orderBy: { createdAt: "asc" } });
    const expected: Record<(typeof AUDIT_KINDS)[number], { userId: string | null; actorId: string | null; detail?: RegExp }> = {
      "auth.sign_in": { userId: alice.id, actorId: alice.id },
      "auth.sign_in_failed": { userId: alice.id, actorId: alice.id, detail: /^wrong password$/ },
      "auth.password_changed": { userId: alice.id, actorId: alice.id },
      "auth.signed_out_everywhere": { userId: alice.id, actorId: alice.id },
      "auth.session_ended": { userId: alice.id, actorId: alice.id, detail: /^0 other sessions$/ },
      "auth.two_factor_enabled": { userId: alice.id, actorId: alice.id },
      "auth.two_factor_failed": { userId: alice.id, actorId: alice.id },
      "auth.recovery_code_used": { userId: alice.id, actorId: alice.id },
      "auth.recovery_codes_replaced": { userId: alice.id, actorId: alice.id },
      "auth.two_factor_disabled": { userId: alice.id, actorId: alice.id },
      // By whoever opened the mailed link: nobody signed in.
      "auth.email_changed": { userId: alice.id, actorId: null, detail: /^confirmed$/ },
      "auth.password_reset_requested": { userId: alice.id, actorId: null },
      "auth.password_reset": { userId: alice.id, actorId: null },
      "file.uploaded": { userId: bob.id, actorId: bob.id, detail: new RegExp(`^${bobFiles[0]} \\(`) },
      "file.deleted": { userId: alice.id, actorId: alice.id, detail: new RegExp(`^${aliceFile} \\(`) },
      "share.created": { userId: alice.id, actorId: alice.id, detail: new RegExp(`with ${bob.username}$`) },
      "share.revoked": { userId: alice.id, actorId: alice.id, detail: new RegExp(`from ${bob.username}$`) },
      "link.created": { userId: alice.id, actorId: alice.id, detail: /^"audited" for / },
      "link.revoked": { userId: alice.id, actorId: alice.id, detail: /^"audited" of file / },
      // By an anonymous visitor: nobody signed in did it.
      "link.password_failed": { userId: alice.id, actorId: null, detail: /^locked\.txt \(link "locked"\)$/ },
      "token.created": { userId: alice.id, actorId: alice.id, detail: /^files:read; expires \d{4}-\d\d-\d\d$/ },
      "token.used_from_new_network": { userId: alice.id, actorId: alice.id, detail: /^from / },
      "token.revoked": { userId: alice.id, actorId: alice.id },
      "request.created": { userId: alice.id, actorId: alice.id, detail: /^audited request \(/ },
      "request.closed": { userId: alice.id, actorId: alice.id, detail: /^audited request \(/ },
      "request.reopened": { userId: alice.id, actorId: alice.id, detail: /^audited request \(/ },
      "request.password_failed": { userId: alice.id, actorId: null, detail: /^audited request \(/ },
      "admin.file_requests_off": { userId: null, actorId: admin.id },
      "admin.file_requests_on": { userId: null, actorId: admin.id },
      "admin.user_disabled": { userId: target.id, actorId: admin.id, detail: new RegExp(`^${target.username}$`) },
      "admin.user_enabled": { userId: target.id, actorId: admin.id, detail: new RegExp(`^${target.username}$`) },
      "admin.user_deleted": { userId: target.id, actorId: admin.id, detail: new RegExp(`^${target.username} \\(0 files\\)$`) },
      "admin.registration_closed": { userId: null, actorId: admin.id },
      "admin.registration_opened": { userId: null, actorId: admin.id },
      "admin.two_factor_required": { userId: null, actorId: admin.id },
      "admin.two_factor_optional": { userId: null, actorId: admin.id },
      "admin.reset_link_issued": { userId: target.id, actorId: admin.id, detail: new RegExp(`^${target.username}$`) },
      "admin.two_factor_reset": { userId: target.id, actorId: admin.id, detail: new RegExp(`^${target.username}$`) },
      "admin.user_created": { userId: made.id, actorId: admin.id, detail: new RegExp(`^${made.username}$`) },
      // By whoever opened the link the admin handed over: nobody signed in.
      "auth.password_set": { userId: made.id, actorId: null },
      "auth.registered_by_invitation": { userId: invited.id, actorId: invited.id },
      "admin.invitation_created": { userId: null, actorId: admin.id, detail: /^#[a-z0-9]{6}$/ },
      "admin.invitation_revoked": { userId: null, actorId: admin.id, detail: /^#[a-z0-9]{6}$/ },
    };
    expect(Object.keys(expected).sort()).toEqual([...AUDIT_KINDS].sort());
    for (const [kind, who] of Object.entries(expected)) {
      const matching = rows.filter(
        (r) => r.kind === kind && r.userId === who.userId && r.actorId === who.actorId && (!who.detail || who.detail.test(r.detail ?? "")),
      );
      expect({ kind, found: matching.length > 0 }).toEqual({ kind, found: true });
    }
    // Addresses are kept truncated, and no row holds a password.
    const withAddress = rows.filter((r) => r.address);
    expect(withAddress.length).toBeGreaterThan(0);
    for (const row of withAddress) expect(row.address).toMatch(/(\.0\/24|::\/48|^this machine)$/);
    const passwords = [alice.password, bob.password, "not the password at all"];
    for (const row of rows) for (const password of passwords) expect(row.detail ?? "").not.toContain(password);
  });

  it("a user sees only their own events on /settings", async () => {
    for (const [user, own, others] of [
      [alice, [aliceFile], bobFiles],
      [bob, bobFiles, [aliceFile]],
    ] as const) {
      const { status, html } = await page(user.client, "/settings");
      expect(status).toBe(200);
      const rows = auditRows(html);
      expect(rows).toHaveLength(await db.auditEvent.count({ where: { userId: user.id } }));
      for (const name of own) expect(rows.some((row) => row.includes(name))).toBe(true);
      for (const name of others) expect(html).not.toContain(name);
      expect(html).not.toContain(target.username);
      expect(rows.some((row) => row.includes("admin."))).toBe(false);
    }
  });

  it("an admin sees everyone's events on /admin", async () => {
    const { status, html } = await page(admin.client, "/admin");
    expect(status).toBe(200);
    // Every page of the trail, newest first, by its "Older" links (this test makes more events than a page holds).
    const rows = auditRows(html);
    for (let next = olderLink(html); next;) {
      const older = await page(admin.client, next);
      rows.push(...auditRows(older.html));
      next = olderLink(older.html);
    }
    for (const text of [...bobFiles, aliceFile, "admin.user_deleted", "admin.registration_closed", "auth.sign_in_failed"]) {
      expect({ text, shown: rows.some((row) => row.includes(text)) }).toEqual({ text, shown: true });
    }
    // A deleted user's events stay, marked as such.
    expect(rows.some((row) => row.includes("admin.user_deleted") && row.includes("(deleted)"))).toBe(true);
  });

  it("the admin's filter by user and event shows only those", async () => {
    const { status, html } = await page(admin.client, `/admin?user=${bob.username}&kind=file.uploaded`);
    expect(status).toBe(200);
    const rows = auditRows(html);
    expect(rows).toHaveLength(bobFiles.length);
    for (const row of rows) {
      expect(row).toContain("file.uploaded");
      expect(row).toContain(bob.username);
    }
    for (const name of bobFiles) expect(rows.some((row) => row.includes(name))).toBe(true);
    expect(rows.some((row) => row.includes(aliceFile))).toBe(false);

    const byUser = auditRows((await page(admin.client, `/admin?user=${alice.username.toUpperCase()}`)).html);
    expect(byUser).toHaveLength(Math.min(100, await db.auditEvent.count({ where: { userId: alice.id } })));
    expect(byUser.some((row) => bobFiles.some((name) => row.includes(name)))).toBe(false);

    const byKind = auditRows((await page(admin.client, "/admin?kind=admin.user_disabled")).html);
    expect(byKind.length).toBe(await db.auditEvent.count({ where: { kind: "admin.user_disabled" } }));
    expect(byKind.every((row) => row.includes("admin.user_disabled"))).toBe(true);

    const nobody = auditRows((await page(admin.client, `/admin?user=${uniqueUsername("nobody")}`)).html);
    expect(nobody).toEqual([]);
  });
});

// ---- Who reaches the admin page ----------------------------------------------------------------------

describe("a user who is not an admin", () => {
  let user: Member;

  beforeAll(async () => {
    user = await member(server);
  });

  it("gets the ordinary 404 page at /admin, filtered or not", async () => {
    for (const path of ["/admin", `/admin?user=${admin.username}&kind=auth.sign_in`]) {
      const { status, html } = await page(user.client, path);
      expect(status).toBe(404);
      expect(html).toContain("Page not found");
      expect(html).not.toContain("Audit trail");
      expect(html).not.toContain("admin-user-row");
      expect(auditRows(html)).toEqual([]);
      // The admin's name is in the filtered URL itself; nowhere else.
      expect(html.replaceAll(`user=${admin.username}`, "")).not.toContain(admin.username);
    }
  });

  it('gets "Not found." from every admin action, and nothing changes', async () => {
    const adminActions = sourceActions().filter((a) => a.helper === "adminAction");
    const inputs: Record<string, unknown> = {
      disableUserAction: { userId: admin.id },
      enableUserAction: { userId: admin.id },
      deleteUserAction: { userId: admin.id },
      setRegistrationAction: { open: false },
      setAdminTwoFactorAction: { required: true },
      setFileRequestsAction: { enabled: false },
      issueResetLinkAction: { userId: admin.id },
      resetTwoFactorAction: { userId: admin.id },
      createUserAction: { username: uniqueUsername("notbyadmin") },
      createInvitationAction: { days: 7 },
      revokeInvitationAction: { invitationId: "any-invitation-id" },
    };
    expect(adminActions.map((a) => a.exportName).sort()).toEqual(Object.keys(inputs).sort());
    const snapshot = () =>
      Promise.all([
        db.user.findMany({ orderBy: { id: "asc" } }),
        db.appSetting.findMany(),
        db.auditEvent.count(),
        db.accountToken.findMany({ orderBy: { id: "asc" } }),
      ]);
    const before = await snapshot();
    for (const action of adminActions) {
      for (const caller of [user.client, visitor(server)]) {
        const response = await caller.callAction<ActionResult>("/dashboard", action.file, action.exportName, [inputs[action.exportName]]);
        // An anonymous caller is sent to sign in by the proxy before reaching the action.
        if (caller === user.client) expect(response.value).toEqual({ ok: false, error: "Not found." });
        else expect(response.redirectTo).toMatch(/^\/login/);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("becomes an admin with the admin role, at once", async () => {
    await db.user.update({ where: { id: user.id }, data: { role: "admin" } });
    expect((await page(user.client, "/admin")).status).toBe(200);
    await db.user.update({ where: { id: user.id }, data: { role: "user" } });
    expect((await page(user.client, "/admin")).status).toBe(404);
  });
});

// ---- What an admin does ------------------------------------------------------------------------------

describe("an admin", () => {
  it("cannot disable or delete their own account, nor an unknown one", async () => {
    for (const name of ["disableUserAction", "deleteUserAction"]) {
      expect(await adminAction(admin.client, name, { userId: admin.id })).toEqual({
        ok: false,
        error: "You cannot do this to your own account.",
      });
      expect(await adminAction(admin.client, name, { userId: "no-such-user" })).toEqual({ ok: false, error: "User not found." });
    }
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ disabled: false, role: "admin" });
  });

  describe("disabling and enabling a user", () => {
    let dave: Member;
    let erin: Member;
    let daveFileId: string;
    let daveLink: Awaited<ReturnType<typeof createLink>>;
    const CONTENT = "dave's shared report\n";
    const daveFileName = `dave-report-${uniqueUsername("f")}.txt`;

    beforeAll(async () => {
      [dave, erin] = await Promise.all([member(server), member(server)]);
      daveFileId = (await uploadFile(dave, daveFileName, Buffer.from(CONTENT))).id;
      expect((await shareFile(dave.client, daveFileId, erin.username)).ok).toBe(true);
      daveLink = await createLink(dave, daveFileId);
    });

    async function expectWorking() {
      expect((await page(erin.client, "/dashboard")).html).toContain(daveFileName);
      expect(await (await erin.client.get(`/api/files/${daveFileId}/download`)).text()).toBe(CONTENT);
      expect((await visitor(server).get(daveLink.path)).status).toBe(200);
      expect(await (await visitor(server).get(daveLink.downloadPath)).text()).toBe(CONTENT);
    }

    it("before: dave is signed in, his link and his share work", async () => {
      expect((await dave.client.session())?.user?.id).toBe(dave.id);
      await expectWorking();
    });

    it("disabling ends dave's session at once and stops his links and shares", async () => {
      expect(await adminAction(admin.client, "disableUserAction", { userId: dave.id })).toEqual({
        ok: true,
        data: undefined,
        message: `${dave.username} is disabled and signed out everywhere.`,
      });

      const stale = dave.client.sessionCookie()!;
      const daveAgain = new Client(server.url, { headers: { cookie: `${stale.name}=${stale.value}` } });
      expect(await daveAgain.session()).toBeNull();
      const dashboard = await daveAgain.get("/dashboard");
      expect(dashboard.status).toBe(307);
      expect(dashboard.headers.get("location")).toMatch(/^\/login/);
      expect(await daveAgain.callAction("/dashboard", ACTION_FILES.files, "deleteFileAction", [{ fileId: daveFileId }])).toMatchObject({
        value: { ok: false, error: SESSION_ENDED },
      });

      const linkPage = await visitor(server).get(daveLink.path);
      expect(linkPage.status).toBe(404);
      expect(await linkPage.text()).not.toContain(daveFileName);
      expect((await visitor(server).get(daveLink.downloadPath)).status).toBe(404);

      const erinDashboard = await page(erin.client, "/dashboard");
      expect(erinDashboard.status).toBe(200);
      expect(erinDashboard.html).not.toContain(daveFileName);
      expect((await erin.client.get(`/api/files/${daveFileId}/download`)).status).toBe(404);

      // Signing in is refused with the one message that does not say why.
      expect(await visitor(server).signIn(dave.username, dave.password)).toBe(false);
      const viaAction = await visitor(server).callAction<ActionResult>("/login", ACTION_FILES.login, "signInAction", [
        { identifier: dave.username, password: dave.password },
      ]);
      expect(viaAction.value).toEqual({ ok: false, error: INVALID_SIGN_IN });

      expect(auditRows((await page(admin.client, `/admin?user=${dave.username}&kind=admin.user_disabled`)).html)).toHaveLength(1);
      expect(await db.file.count({ where: { id: daveFileId } })).toBe(1);
    });

    it("enabling lets dave sign in again and brings back his link and share", async () => {
      expect(await adminAction(admin.client, "enableUserAction", { userId: dave.id })).toMatchObject({
        ok: true,
        message: `${dave.username} is enabled.`,
      });
      // The old session stays ended.
      const stale = dave.client.sessionCookie();
      if (stale) expect(await new Client(server.url, { headers: { cookie: `${stale.name}=${stale.value}` } }).session()).toBeNull();
      const again = new Client(server.url);
      expect(await again.signIn(dave.username, dave.password)).toBe(true);
      expect((await again.session())?.user?.id).toBe(dave.id);
      await expectWorking();
    });
  });

  describe("closing registration", () => {
    afterAll(async () => {
      await db.appSetting.deleteMany({ where: { key: "registration" } });
    });

    it("makes registration refuse with the closed message, and opening it again lets people in", async () => {
      expect(await adminAction(admin.client, "setRegistrationAction", { open: false })).toMatchObject({
        ok: true,
        message: "Registration is closed.",
      });
      const username = uniqueUsername("closed");
      const refused = await register(visitor(server), username);
      expect(refused.value).toEqual({ ok: false, error: REGISTRATION_CLOSED });
      expect(await db.user.count({ where: { username } })).toBe(0);
      const registerPage = await page(visitor(server), "/register");
      expect(registerPage.html).toContain(REGISTRATION_CLOSED);
      expect(registerPage.html).not.toContain("Create account");

      expect(await adminAction(admin.client, "setRegistrationAction", { open: true })).toMatchObject({
        ok: true,
        message: "Registration is open.",
      });
      const accepted = await register(visitor(server), username);
      expect(accepted.redirectTo).toBe("/dashboard");
      expect(await db.user.count({ where: { username } })).toBe(1);
    });
  });

  describe("deleting a user", () => {
    let carol: Member;
    let erin: Member;
    let carolFiles: { id: string; storageKey: string; name: string }[];
    let erinFileId: string;
    let carolLinkPath: string;

    beforeAll(async () => {
      [carol, erin] = await Promise.all([member(server), member(server)]);
      for (const name of [`carol-one-${uniqueUsername("f")}.txt`, `carol-two-${uniqueUsername("f")}.txt`]) {
        await uploadFile(carol, name, Buffer.from(`${name} contents\n`));
      }
      carolFiles = await db.file.findMany({ where: { ownerId: carol.id }, select: { id: true, storageKey: true, name: true } });
      expect(carolFiles).toHaveLength(2);
      expect((await shareFile(carol.client, carolFiles[0].id, erin.username)).ok).toBe(true);
      carolLinkPath = (await createLink(carol, carolFiles[1].id)).path;
      // A share the other way: erin's file, shared with carol.
      erinFileId = (await uploadFile(erin, "erin-to-carol.txt", Buffer.from("for carol\n"))).id;
      expect((await shareFile(erin.client, erinFileId, carol.username)).ok).toBe(true);
      for (const file of carolFiles) expect(await hasBlob(file.storageKey)).toBe(true);
    });

    it("removes the account, its files' rows and blobs, its shares both ways and its links", async () => {
      const othersBlobs = (await storedBlobs()).filter((blob) => !carolFiles.some((f) => blob.endsWith(f.storageKey)));
      const carolFileIds = carolFiles.map((f) => f.id);

      expect(await adminAction(admin.client, "deleteUserAction", { userId: carol.id })).toMatchObject({
        ok: true,
        message: `${carol.username} and all their files are deleted.`,
      });

      expect(await db.user.count({ where: { id: carol.id } })).toBe(0);
      expect(await db.file.count({ where: { OR: [{ ownerId: carol.id }, { id: { in: carolFileIds } }] } })).toBe(0);
      expect(await db.share.count({ where: { OR: [{ recipientId: carol.id }, { fileId: { in: carolFileIds } }] } })).toBe(0);
      expect(await db.link.count({ where: { fileId: { in: carolFileIds } } })).toBe(0);
      expect(await db.activity.count({ where: { fileId: { in: carolFileIds } } })).toBe(0);
      for (const file of carolFiles) expect(await hasBlob(file.storageKey)).toBe(false);
      expect((await storedBlobs()).filter((blob) => carolFiles.some((f) => blob.endsWith(f.storageKey)))).toEqual([]);
      // Removed at once: no recorded deletion is left for the sweeper.
      expect(await db.blobDeletion.count({ where: { storageKey: { in: carolFiles.map((f) => f.storageKey) } } })).toBe(0);
      // Nobody else's blob went with them.
      expect(await storedBlobs()).toEqual(expect.arrayContaining(othersBlobs));
      expect(await db.file.count({ where: { id: erinFileId } })).toBe(1);

      expect(await carol.client.session()).toBeNull();
      expect((await visitor(server).get(carolLinkPath)).status).toBe(404);
      const erinDashboard = (await page(erin.client, "/dashboard")).html;
      for (const file of carolFiles) expect(erinDashboard).not.toContain(file.name);
      expect(await (await erin.client.get(`/api/files/${erinFileId}/download`)).text()).toBe("for carol\n");
      expect(
        await db.auditEvent.count({ where: { kind: "admin.user_deleted", userId: carol.id, detail: `${carol.username} (2 files)` } }),
      ).toBe(1);
    });
  });
});
