// Server actions are public endpoints and the proxy decides no access. Over real HTTP: every action
// refuses callers without a valid session and other users' ids, ignores fields its schema does not name,
// and never answers a password hash, storage key or wrapped key; headers that have bypassed Next.js
// middleware in the past (x-middleware-subrequest, RSC, prefetch, _rsc) get no private data either.
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { nameColumns } from "@/lib/files/name-search";
import { startServer, type TestServer } from "../../support/server";
import { RecordingClient, type RecordedResponse } from "../../support/recording-client";
import { createUser, strongPassword, uniqueUsername } from "../../support/factories";
import { uploadOk, type UploadedFile } from "../../support/upload";
import { storedBlobs } from "../../support/storage";
import { actionRequest, builtActions, sourceActions } from "../../support/server-actions";
import { linkTokenHash, type CreatedLink } from "../../support/sharing";
import type { ActionResponse } from "../../support/http-client";
import type { ActionResult } from "@/lib/actions/action-result";
import { ACTION_FILES } from "../../support/action-files";
import { SESSION_NOT_FOUND } from "@/lib/auth/end-session";
import { CHALLENGE_EXPIRED } from "@/lib/auth/two-factor-sign-in";

jest.setTimeout(120_000);

const SESSION_ENDED = "Your session has ended. Please sign in again.";
const NOT_FOUND = "Not found.";

type User = Awaited<ReturnType<typeof createUser>> & { client: RecordingClient };

let server: TestServer;
const record: RecordedResponse[] = [];
/** The owner of everything the attacks aim at. */
let victim: User;
/** Receives the victim's file. */
let recipient: User;
/** Signed in, but owns none of it. */
let mallory: User;
/** Another signed-in user, for requests shaped to slip past the proxy. */
let outsider: User;
let victimFile: UploadedFile;
let malloryFile: UploadedFile;
let victimShareId: string;
let victimLink: CreatedLink;
let victimSessionId: string;
let victimRequestId: string;
let victimTokenId: string;
const VICTIM_FILE_NAME = "victim-private-ledger.txt";
const VICTIM_CONTENT = "victim ledger: the figures only the owner may read";

function client(defaults: Record<string, string> = {}) {
  return new RecordingClient(server.url, record, { headers: defaults });
}

async function signedIn(opts: Parameters<typeof createUser>[0] = {}): Promise<User> {
  const user = await createUser(opts);
  const c = client();
  if (!(await c.signIn(user.username, user.password))) throw new Error(`${user.username} could not sign in`);
  return { ...user, client: c };
}

function result<T = undefined>(response: ActionResponse<ActionResult<T>>): ActionResult<T> {
  if (response.value === undefined) throw new Error(`no action value (status ${response.status}, redirect ${response.redirectTo})`);
  return response.value;
}

async function call<T = undefined>(c: RecordingClient, page: string, file: string, name: string, input: unknown) {
  return c.callAction<ActionResult<T>>(page, file, name, [input]);
}

/** Everything an action could change. */
async function everything() {
  const [
    users,
    files,
    shares,
    links,
    settings,
    audits,
    activities,
    sessions,
    recoveryCodes,
    accountTokens,
    notifications,
    outbox,
    requests,
    apiTokens,
  ] = await Promise.all([
    db.user.findMany({ orderBy: { id: "asc" } }),
    db.file.findMany({ orderBy: { id: "asc" } }),
    db.share.findMany({ orderBy: { id: "asc" } }),
    db.link.findMany({ orderBy: { id: "asc" } }),
    db.appSetting.findMany({ orderBy: { key: "asc" } }),
    db.auditEvent.findMany({ orderBy: { id: "asc" } }),
    db.activity.count(),
    db.userSession.findMany({ orderBy: { id: "asc" }, select: { id: true, userId: true } }),
    db.recoveryCode.findMany({ orderBy: { id: "asc" } }),
    db.accountToken.findMany({ orderBy: { id: "asc" } }),
    db.notificationSetting.findMany({ orderBy: [{ userId: "asc" }, { kind: "asc" }] }),
    db.outboxMail.count(),
    db.fileRequest.findMany({ orderBy: { id: "asc" } }),
    db.apiToken.findMany({ orderBy: { id: "asc" } }),
  ]);
  return {
    users,
    files,
    shares,
    links,
    settings,
    audits,
    activities,
    sessions,
    recoveryCodes,
    accountTokens,
    notifications,
    outbox,
    requests,
    apiTokens,
    blobs: await storedBlobs(),
  };
}

beforeAll(async () => {
  server = await startServer();
  [victim, recipient, mallory, outsider] = await Promise.all([signedIn(), signedIn(), signedIn(), signedIn()]);
  [victimFile] = await uploadOk(victim.client, [{ filename: VICTIM_FILE_NAME, data: Buffer.from(VICTIM_CONTENT) }]);
  [malloryFile] = await uploadOk(mallory.client, [{ filename: "mallory-notes.txt", data: Buffer.from("mallory's own notes") }]);
  const shared = await call(victim.client, `/files/${victimFile.id}`, ACTION_FILES.file, "shareFileAction", {
    fileId: victimFile.id,
    username: recipient.username,
  });
  expect(result(shared).ok).toBe(true);
  victimShareId = (await db.share.findFirstOrThrow({ where: { fileId: victimFile.id } })).id;
  const linked = result<{ path: string }>(
    await call(victim.client, `/files/${victimFile.id}`, ACTION_FILES.file, "createLinkAction", { fileId: victimFile.id, expiry: "never" }),
  );
  if (!linked.ok) throw new Error(linked.error);
  const token = linked.data.path.slice("/s/".length);
  const row = await db.link.findUniqueOrThrow({ where: { tokenHash: linkTokenHash(token) } });
  victimLink = { path: linked.data.path, token, id: row.id, downloadPath: `${linked.data.path}/download` };
  victimSessionId = (await db.userSession.findFirstOrThrow({ where: { userId: victim.id } })).id;
  const requested = result<{ path: string }>(
    await call(victim.client, "/dashboard", ACTION_FILES.requests, "createRequestAction", {
      label: "victim's request",
      expiry: "7d",
      maxFiles: 3,
      maxTotalMiB: 10,
    }),
  );
  if (!requested.ok) throw new Error(requested.error);
  victimRequestId = (await db.fileRequest.findFirstOrThrow({ where: { ownerId: victim.id } })).id;
  const tokenMade = await call(victim.client, "/settings", ACTION_FILES.settingsTokens, "createTokenAction", {
    name: "victim's script",
    scopes: ["files:read"],
    lifetime: "30",
  });
  expect(result(tokenMade).ok).toBe(true);
  victimTokenId = (await db.apiToken.findFirstOrThrow({ where: { userId: victim.id } })).id;
});

afterAll(async () => {
  await server?.stop();
});

// Whatever an action answered (its value, or the page re-rendered after it), the raw text never holds
// a password hash, storage key or wrapped key: not the field names, not the values.
afterEach(async () => {
  const answered = record.splice(0).filter((r) => r.actionText !== undefined);
  const [users, files] = await Promise.all([
    db.user.findMany({ select: { passwordHash: true } }),
    db.file.findMany({ select: { storageKey: true, wrappedKey: true } }),
  ]);
  const secrets = [
    "passwordHash",
    "storageKey",
    "wrappedKey",
    ...users.map((u) => u.passwordHash).filter((h): h is string => Boolean(h)),
    ...files.flatMap((f) => [f.storageKey, f.wrappedKey]),
  ];
  for (const response of answered) {
    for (const secret of secrets) {
      if (response.actionText!.includes(secret)) throw new Error(`${response.method} ${response.path} answered "${secret}"`);
    }
  }
});

// ---- Every action, with the arguments an attacker would send -----------------------------------------

type Case = { page: () => string; input: () => unknown; otherUsersIdsError?: string };

/** Keyed `file#export`; aimed at the victim's file, share, link and account. */
const AIMED_AT_VICTIM: Record<string, Case> = {
  [`${ACTION_FILES.files}#renameFileAction`]: {
    page: () => "/dashboard",
    input: () => ({ fileId: victimFile.id, name: "pwned.txt" }),
    otherUsersIdsError: "File not found.",
  },
  [`${ACTION_FILES.files}#deleteFileAction`]: {
    page: () => "/dashboard",
    input: () => ({ fileId: victimFile.id }),
    otherUsersIdsError: "File not found.",
  },
  [`${ACTION_FILES.dashboard}#removeSharedFileAction`]: {
    page: () => "/dashboard",
    input: () => ({ shareId: victimShareId }),
    otherUsersIdsError: "Share not found.",
  },
  // Called from a page the attacker may see, with the victim's ids in the arguments.
  [`${ACTION_FILES.file}#shareFileAction`]: {
    page: () => `/files/${malloryFile.id}`,
    input: () => ({ fileId: victimFile.id, username: mallory.username }),
    otherUsersIdsError: "File not found.",
  },
  [`${ACTION_FILES.file}#revokeShareAction`]: {
    page: () => `/files/${malloryFile.id}`,
    input: () => ({ shareId: victimShareId }),
    otherUsersIdsError: "Share not found.",
  },
  [`${ACTION_FILES.file}#createLinkAction`]: {
    page: () => `/files/${malloryFile.id}`,
    input: () => ({ fileId: victimFile.id, expiry: "never" }),
    otherUsersIdsError: "File not found.",
  },
  [`${ACTION_FILES.file}#revokeLinkAction`]: {
    page: () => `/files/${malloryFile.id}`,
    input: () => ({ linkId: victimLink.id }),
    otherUsersIdsError: "Link not found.",
  },
  // Bulk actions: the attacker's own id next to the victim's, so a half-done request would show.
  [`${ACTION_FILES.dashboard}#deleteFilesAction`]: {
    page: () => "/dashboard",
    input: () => ({ fileIds: [malloryFile.id, victimFile.id] }),
    otherUsersIdsError: "Some of these files were not found. Nothing was deleted.",
  },
  [`${ACTION_FILES.dashboard}#shareFilesAction`]: {
    page: () => "/dashboard",
    input: () => ({ fileIds: [malloryFile.id, victimFile.id], username: recipient.username }),
    otherUsersIdsError: "Some of these files were not found. Nothing was shared.",
  },
  [`${ACTION_FILES.sharedByMe}#revokeSharesAction`]: {
    page: () => "/shared",
    input: () => ({ shareIds: [victimShareId] }),
    otherUsersIdsError: "Some of these shares were not found. Nothing was revoked.",
  },
  [`${ACTION_FILES.sharedByMe}#revokeLinksAction`]: {
    page: () => "/shared",
    input: () => ({ linkIds: [victimLink.id] }),
    otherUsersIdsError: "Some of these links were not found. Nothing was revoked.",
  },
  // File requests: made with no ids of anyone's; managed by the victim's request id.
  [`${ACTION_FILES.requests}#createRequestAction`]: {
    page: () => "/dashboard",
    input: () => ({ label: "mallory's", expiry: "7d", maxFiles: 1, maxTotalMiB: 1, ownerId: victim.id, userId: victim.id }),
  },
  [`${ACTION_FILES.requests}#closeRequestAction`]: {
    page: () => "/shared",
    input: () => ({ requestId: victimRequestId }),
    otherUsersIdsError: "Request not found.",
  },
  [`${ACTION_FILES.requests}#reopenRequestAction`]: {
    page: () => "/shared",
    input: () => ({ requestId: victimRequestId }),
    otherUsersIdsError: "Request not found.",
  },
  [`${ACTION_FILES.requests}#editRequestMessageAction`]: {
    page: () => "/shared",
    input: () => ({ requestId: victimRequestId, message: "pwned" }),
    otherUsersIdsError: "Request not found.",
  },
  [`${ACTION_FILES.admin}#setFileRequestsAction`]: {
    page: () => "/admin",
    input: () => ({ enabled: false }),
    otherUsersIdsError: NOT_FOUND,
  },
  [`${ACTION_FILES.admin}#disableUserAction`]: {
    page: () => "/admin",
    input: () => ({ userId: victim.id }),
    otherUsersIdsError: NOT_FOUND,
  },
  [`${ACTION_FILES.admin}#enableUserAction`]: { page: () => "/admin", input: () => ({ userId: victim.id }), otherUsersIdsError: NOT_FOUND },
  [`${ACTION_FILES.admin}#deleteUserAction`]: { page: () => "/admin", input: () => ({ userId: victim.id }), otherUsersIdsError: NOT_FOUND },
  [`${ACTION_FILES.admin}#setRegistrationAction`]: { page: () => "/admin", input: () => ({ open: false }), otherUsersIdsError: NOT_FOUND },
  [`${ACTION_FILES.admin}#setAdminTwoFactorAction`]: {
    page: () => "/admin",
    input: () => ({ required: false }),
    otherUsersIdsError: NOT_FOUND,
  },
  // Ending one of the victim's sessions: another account's session id finds nothing.
  [`${ACTION_FILES.settings}#signOutSessionAction`]: {
    page: () => "/settings",
    input: () => ({ sessionId: victimSessionId }),
    otherUsersIdsError: SESSION_NOT_FOUND,
  },
  // No ids in their schemas: an attacker can only add some (see "fields the schema does not name").
  [`${ACTION_FILES.settings}#changePasswordAction`]: {
    page: () => "/settings",
    input: () => ({
      currentPassword: victim.password,
      newPassword: "a brand new passphrase",
      confirmPassword: "a brand new passphrase",
      userId: victim.id,
    }),
  },
  [`${ACTION_FILES.settings}#signOutEverywhereAction`]: { page: () => "/settings", input: () => ({ userId: victim.id }) },
  [`${ACTION_FILES.settingsMail}#changeEmailAction`]: {
    page: () => "/settings",
    input: () => ({ email: "taken-over@example.test", currentPassword: victim.password, userId: victim.id }),
  },
  [`${ACTION_FILES.settingsTokens}#createTokenAction`]: {
    page: () => "/settings",
    input: () => ({ name: "mallory's", scopes: ["files:read", "files:write", "shares:write"], lifetime: "never", userId: victim.id }),
  },
  [`${ACTION_FILES.settingsTokens}#revokeTokenAction`]: {
    page: () => "/settings",
    input: () => ({ tokenId: victimTokenId }),
    otherUsersIdsError: "There is no such token.",
  },
  [`${ACTION_FILES.settingsMail}#setNotificationAction`]: {
    page: () => "/settings",
    input: () => ({ kind: "share_received", enabled: false, userId: victim.id }),
  },
  [`${ACTION_FILES.adminRecovery}#issueResetLinkAction`]: {
    page: () => "/admin",
    input: () => ({ userId: victim.id }),
    otherUsersIdsError: NOT_FOUND,
  },
  [`${ACTION_FILES.adminRecovery}#resetTwoFactorAction`]: {
    page: () => "/admin",
    input: () => ({ userId: victim.id }),
    otherUsersIdsError: NOT_FOUND,
  },
  // No ids of another account's in them: a user made or an invitation made, or withdrawn by its id.
  [`${ACTION_FILES.adminAccounts}#createUserAction`]: {
    page: () => "/admin",
    input: () => ({ username: uniqueUsername("byadmin"), userId: victim.id }),
    otherUsersIdsError: NOT_FOUND,
  },
  [`${ACTION_FILES.adminAccounts}#createInvitationAction`]: {
    page: () => "/admin",
    input: () => ({ days: 7, userId: victim.id }),
    otherUsersIdsError: NOT_FOUND,
  },
  [`${ACTION_FILES.adminAccounts}#revokeInvitationAction`]: {
    page: () => "/admin",
    input: () => ({ invitationId: "made-up-invitation-id" }),
    otherUsersIdsError: NOT_FOUND,
  },
  [`${ACTION_FILES.settings}#signOutAction`]: { page: () => "/settings", input: () => ({ userId: victim.id }) },
  // A cookie of the caller's own browser: there is nobody else's to aim at.
  [`${ACTION_FILES.settings}#setThemeAction`]: { page: () => "/settings", input: () => ({ theme: "dark", userId: victim.id }) },
  [`${ACTION_FILES.settings}#signOutOtherSessionsAction`]: { page: () => "/settings", input: () => ({ userId: victim.id }) },
  [`${ACTION_FILES.settings}#startTwoFactorAction`]: { page: () => "/settings", input: () => ({ userId: victim.id }) },
  [`${ACTION_FILES.settings}#confirmTwoFactorAction`]: {
    page: () => "/settings",
    input: () => ({ enrolment: `${victim.id}.JBSWY3DPEHPK3PXP.9999999999.forged`, code: "123456", userId: victim.id }),
  },
  [`${ACTION_FILES.settings}#disableTwoFactorAction`]: { page: () => "/settings", input: () => ({ code: "123456", userId: victim.id }) },
  [`${ACTION_FILES.settings}#regenerateRecoveryCodesAction`]: {
    page: () => "/settings",
    input: () => ({ code: "123456", userId: victim.id }),
  },
};

const file = (key: string) => key.split("#") as [string, string];
const helperOf = (key: string) => sourceActions().find((a) => `${a.file}#${a.exportName}` === key)!.helper;
const refusalFor = (key: string) => (helperOf(key) === "adminAction" ? NOT_FOUND : SESSION_ENDED);

describe("the list of actions", () => {
  it("covers every action in the sources and in the build", () => {
    const source = sourceActions();
    const restricted = source.filter((a) => a.helper !== "publicAction").map((a) => `${a.file}#${a.exportName}`);
    expect(restricted.sort()).toEqual(Object.keys(AIMED_AT_VICTIM).sort());
    // The public ones are tested below with fields their schemas do not name.
    expect(
      source
        .filter((a) => a.helper === "publicAction")
        .map((a) => `${a.file}#${a.exportName}`)
        .sort(),
    ).toEqual(
      [
        `${ACTION_FILES.login}#signInAction`,
        `${ACTION_FILES.login}#verifyTwoFactorSignInAction`,
        `${ACTION_FILES.link}#unlockLinkAction`,
        `${ACTION_FILES.request}#unlockRequestAction`,
        `${ACTION_FILES.register}#registerAction`,
        `${ACTION_FILES.register}#inspectInvitationAction`,
        `${ACTION_FILES.forgotPassword}#requestPasswordResetAction`,
        `${ACTION_FILES.resetPassword}#inspectResetLinkAction`,
        `${ACTION_FILES.resetPassword}#resetPasswordAction`,
        `${ACTION_FILES.confirmEmail}#inspectEmailConfirmationAction`,
        `${ACTION_FILES.confirmEmail}#confirmEmailAction`,
        `${ACTION_FILES.unsubscribe}#unsubscribeAction`,
      ].sort(),
    );
    expect(builtActions().sort()).toEqual(source.map((a) => `${a.file}#${a.exportName}`).sort());
  });
});

describe("without a valid session", () => {
  let ended: RecordingClient;

  beforeAll(async () => {
    // A real session token whose account has since signed out everywhere (sent as is: the jar would drop it).
    const user = await signedIn();
    const token = user.client.sessionCookie()!;
    await db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    ended = client({ cookie: `${token.name}=${token.value}` });
    expect(await ended.session()).toBeNull();
  });

  const keys = Object.keys(AIMED_AT_VICTIM);

  it.each(keys)("%s with a forged session cookie answers the refusal and changes nothing", async (key) => {
    const forged = client({ cookie: "authjs.session-token=forged.jwt.value" });
    const before = await everything();
    const response = await call(forged, AIMED_AT_VICTIM[key].page(), ...file(key), AIMED_AT_VICTIM[key].input());
    expect(result(response)).toEqual({ ok: false, error: refusalFor(key) });
    expect(await everything()).toEqual(before);
  });

  it.each(keys)("%s with a session that has ended answers the refusal and changes nothing", async (key) => {
    const before = await everything();
    const response = await call(ended, AIMED_AT_VICTIM[key].page(), ...file(key), AIMED_AT_VICTIM[key].input());
    expect(result(response)).toEqual({ ok: false, error: refusalFor(key) });
    expect(await everything()).toEqual(before);
  });

  it.each(keys)("%s with no cookie at all is sent to sign in (or refused) and changes nothing", async (key) => {
    const before = await everything();
    const response = await call(client(), AIMED_AT_VICTIM[key].page(), ...file(key), AIMED_AT_VICTIM[key].input());
    if (response.value === undefined) expect(response.redirectTo).toMatch(/^\/login(\?|$)/);
    else expect(response.value).toEqual({ ok: false, error: refusalFor(key) });
    expect(await everything()).toEqual(before);
  });
});

describe("with another user's ids", () => {
  const keys = Object.entries(AIMED_AT_VICTIM)
    .filter(([, c]) => c.otherUsersIdsError)
    .map(([key]) => key);

  it.each(keys)("%s answers not found and changes nothing", async (key) => {
    const before = await everything();
    const response = await call(mallory.client, AIMED_AT_VICTIM[key].page(), ...file(key), AIMED_AT_VICTIM[key].input());
    expect(result(response)).toEqual({ ok: false, error: AIMED_AT_VICTIM[key].otherUsersIdsError });
    expect(await everything()).toEqual(before);
  });

  it("the victim's file, share and link still work", async () => {
    const trail = () => db.activity.count({ where: { fileId: victimFile.id, kind: { startsWith: "download." } } });
    const before = await trail();
    const download = await victim.client.get(`/api/files/${victimFile.id}/download`);
    expect(await download.text()).toBe(VICTIM_CONTENT);
    const shared = await recipient.client.get(`/api/files/${victimFile.id}/download`);
    expect(await shared.text()).toBe(VICTIM_CONTENT);
    const viaLink = await client().get(victimLink.downloadPath);
    expect(await viaLink.text()).toBe(VICTIM_CONTENT);
    // The recipient's and the visitor's downloads go into the trail once their transfers settle, after the answer:
    // both are there before the next test takes its snapshot of everything (a line landing later would look like
    // that test's doing; CI on PostgreSQL saw it).
    const deadline = Date.now() + 10_000;
    while ((await trail()) < before + 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await trail()).toBe(before + 2);
  });
});

describe("fields the schema does not name", () => {
  const EXTRA = (victimId: string) => ({
    ownerId: victimId,
    userId: victimId,
    role: "admin",
    size: 1,
    storageKey: "chosen-key",
    disabled: false,
  });

  it("renameFileAction renames, and keeps the owner, size and storage key", async () => {
    const before = await db.file.findUniqueOrThrow({ where: { id: malloryFile.id } });
    const response = await call<{ name: string }>(mallory.client, "/dashboard", ACTION_FILES.files, "renameFileAction", {
      fileId: malloryFile.id,
      name: "mallory-renamed.txt",
      ...EXTRA(victim.id),
    });
    expect(result(response)).toMatchObject({ ok: true, data: { name: "mallory-renamed.txt" } });
    const after = await db.file.findUniqueOrThrow({ where: { id: malloryFile.id } });
    expect(after).toEqual({ ...before, ...nameColumns("mallory-renamed.txt"), updatedAt: after.updatedAt });
    expect((await db.user.findUniqueOrThrow({ where: { id: mallory.id } })).role).toBe("user");
  });

  it("createTokenAction makes the token for the caller, whatever account the input names", async () => {
    const response = await call<{ token: string }>(mallory.client, "/settings", ACTION_FILES.settingsTokens, "createTokenAction", {
      name: "mallory's own",
      scopes: ["files:read"],
      lifetime: "7",
      tokenHash: "chosen",
      revokedAt: null,
      ...EXTRA(victim.id),
    });
    expect(result(response).ok).toBe(true);
    const made = await db.apiToken.findFirstOrThrow({ where: { name: "mallory's own" } });
    expect(made.userId).toBe(mallory.id);
    expect(made.tokenHash).not.toBe("chosen");
    expect(await db.apiToken.count({ where: { userId: victim.id } })).toBe(1);
  });

  it("createLinkAction starts the link at zero downloads, unrevoked, with a token it chose", async () => {
    const response = await call<{ path: string }>(mallory.client, `/files/${malloryFile.id}`, ACTION_FILES.file, "createLinkAction", {
      fileId: malloryFile.id,
      expiry: "never",
      downloadCount: 99,
      claimedCount: 99,
      revokedAt: null,
      tokenHash: linkTokenHash("a token of my choosing"),
      id: "chosen-link-id",
      ...EXTRA(victim.id),
    });
    const created = result(response);
    if (!created.ok) throw new Error(created.error);
    const token = created.data.path.slice("/s/".length);
    const row = await db.link.findUniqueOrThrow({ where: { tokenHash: linkTokenHash(token) } });
    expect(row).toMatchObject({
      fileId: malloryFile.id,
      downloadCount: 0,
      claimedCount: 0,
      revokedAt: null,
      maxDownloads: null,
      passwordHash: null,
    });
    expect(row.id).not.toBe("chosen-link-id");
    expect(await db.link.count({ where: { tokenHash: linkTokenHash("a token of my choosing") } })).toBe(0);
  });

  it("shareFileAction shares with the named user only, from the caller's file", async () => {
    const response = await call(mallory.client, `/files/${malloryFile.id}`, ACTION_FILES.file, "shareFileAction", {
      fileId: malloryFile.id,
      username: recipient.username,
      recipientId: victim.id,
      fileOwnerId: victim.id,
      ...EXTRA(victim.id),
    });
    expect(result(response).ok).toBe(true);
    const shares = await db.share.findMany({ where: { fileId: malloryFile.id } });
    expect(shares.map((s) => s.recipientId)).toEqual([recipient.id]);
    expect(await db.share.count({ where: { recipientId: victim.id } })).toBe(0);
  });

  it("registerAction creates a plain, enabled user with nothing stored", async () => {
    const username = uniqueUsername("extra");
    const response = await call(client(), "/register", ACTION_FILES.register, "registerAction", {
      username,
      password: strongPassword(),
      role: "admin",
      disabled: true,
      storageUsed: 123_456,
      sessionVersion: 7,
      passwordHash: await hashPassword("chosen password 123"),
      id: "chosen-user-id",
    });
    expect(response.redirectTo).toBe("/dashboard");
    const user = await db.user.findUniqueOrThrow({ where: { username } });
    expect(user).toMatchObject({ role: "user", disabled: false, storageUsed: 0n, sessionVersion: 0 });
    expect(user.id).not.toBe("chosen-user-id");
  });

  it("signInAction ignores a role and an off-site next", async () => {
    const visitor = client();
    const response = await call(visitor, "/login", ACTION_FILES.login, "signInAction", {
      identifier: recipient.username,
      password: recipient.password,
      next: "//evil.example/steal",
      role: "admin",
    });
    expect(response.redirectTo).toBe("/dashboard");
    expect((await visitor.session())?.user).toMatchObject({ id: recipient.id, role: "user" });
  });

  it("verifyTwoFactorSignInAction signs nobody in without the password step, whatever ids it is given", async () => {
    const visitor = client();
    const response = await call(visitor, "/login", ACTION_FILES.login, "verifyTwoFactorSignInAction", {
      code: "123456",
      userId: victim.id,
      challenge: `${victim.id}.0.x.9999999999.forged`,
    });
    expect(result(response)).toEqual({ ok: false, error: CHALLENGE_EXPIRED });
    expect(visitor.sessionCookie()).toBeUndefined();
    expect(await visitor.session()).toBeNull();
  });

  it("unlockLinkAction opens only the link whose token it was given", async () => {
    const response = await call<{ path: string }>(mallory.client, `/files/${malloryFile.id}`, ACTION_FILES.file, "createLinkAction", {
      fileId: malloryFile.id,
      expiry: "never",
      password: "link password 1",
    });
    const created = result(response);
    if (!created.ok) throw new Error(created.error);
    const token = created.data.path.slice("/s/".length);
    const visitor = client();
    const unlocked = await call(visitor, created.data.path, ACTION_FILES.link, "unlockLinkAction", {
      token,
      password: "link password 1",
      linkId: victimLink.id,
    });
    expect(result(unlocked).ok).toBe(true);
    const ownLink = await db.link.findUniqueOrThrow({ where: { tokenHash: linkTokenHash(token) } });
    expect(visitor.cookie(`coffer-link-${ownLink.id}`)).toBeDefined();
    expect(visitor.cookie(`coffer-link-${victimLink.id}`)).toBeUndefined();
  });

  it("the recovery, confirmation and unsubscribe actions touch nothing with made-up tokens, whatever ids they are given", async () => {
    const before = await everything();
    const madeUp = "A".repeat(43);
    const calls: [string, string, string, unknown][] = [
      [
        "/forgot-password",
        ACTION_FILES.forgotPassword,
        "requestPasswordResetAction",
        { email: "nobody@example.test", ...EXTRA(victim.id) },
      ],
      ["/reset-password", ACTION_FILES.resetPassword, "inspectResetLinkAction", { token: madeUp, ...EXTRA(victim.id) }],
      [
        "/set-password",
        ACTION_FILES.resetPassword,
        "inspectResetLinkAction",
        { token: madeUp, purpose: "password_set", ...EXTRA(victim.id) },
      ],
      ["/register", ACTION_FILES.register, "inspectInvitationAction", { token: madeUp, ...EXTRA(victim.id) }],
      [
        "/register",
        ACTION_FILES.register,
        "registerAction",
        { username: uniqueUsername("invited"), password: "a new passphrase here", invite: madeUp, ...EXTRA(victim.id) },
      ],
      [
        "/reset-password",
        ACTION_FILES.resetPassword,
        "resetPasswordAction",
        { token: madeUp, newPassword: "a new passphrase here", confirmPassword: "a new passphrase here", ...EXTRA(victim.id) },
      ],
      [
        "/confirm-email",
        ACTION_FILES.confirmEmail,
        "inspectEmailConfirmationAction",
        { token: madeUp, email: "x@example.test", ...EXTRA(victim.id) },
      ],
      ["/confirm-email", ACTION_FILES.confirmEmail, "confirmEmailAction", { token: madeUp, email: "x@example.test", ...EXTRA(victim.id) }],
      [
        "/login",
        ACTION_FILES.unsubscribe,
        "unsubscribeAction",
        { token: `${victim.id}.share_received.forged`, kind: "share_received", ...EXTRA(victim.id) },
      ],
    ];
    for (const [page, file, name, input] of calls) {
      const answer = result(await call(client(), page, file, name, input));
      if (name === "requestPasswordResetAction") expect(answer).toMatchObject({ ok: true });
      else expect(answer).toMatchObject({ ok: false });
    }
    expect(await everything()).toEqual(before);
  });

  it("changePasswordAction changes the caller's password, never the named user's", async () => {
    const [victimBefore, malloryBefore] = await Promise.all([
      db.user.findUniqueOrThrow({ where: { id: victim.id } }),
      db.user.findUniqueOrThrow({ where: { id: mallory.id } }),
    ]);
    const newPassword = strongPassword();
    const response = await call(mallory.client, "/settings", ACTION_FILES.settings, "changePasswordAction", {
      currentPassword: mallory.password,
      newPassword,
      confirmPassword: newPassword,
      ...EXTRA(victim.id),
    });
    expect(result(response).ok).toBe(true);
    mallory.password = newPassword;
    const [victimAfter, malloryAfter] = await Promise.all([
      db.user.findUniqueOrThrow({ where: { id: victim.id } }),
      db.user.findUniqueOrThrow({ where: { id: mallory.id } }),
    ]);
    expect(victimAfter).toEqual(victimBefore);
    expect(malloryAfter.passwordHash).not.toBe(malloryBefore.passwordHash);
    expect(malloryAfter.role).toBe("user");
    expect((await victim.client.session())?.user?.id).toBe(victim.id);
  });

  it("signOutAction and signOutEverywhereAction end the caller's sessions, never the named user's", async () => {
    const victimBefore = await db.user.findUniqueOrThrow({ where: { id: victim.id } });
    const second = client();
    expect(await second.signIn(mallory.username, mallory.password)).toBe(true);

    const signOut = await call(second, "/settings", ACTION_FILES.settings, "signOutAction", { userId: victim.id });
    expect(signOut.redirectTo).toBe("/login");
    expect(await second.session()).toBeNull();

    const everywhere = await call(mallory.client, "/settings", ACTION_FILES.settings, "signOutEverywhereAction", { userId: victim.id });
    expect(everywhere.redirectTo).toBe("/login");
    expect(await db.user.findUniqueOrThrow({ where: { id: victim.id } })).toEqual(victimBefore);
    expect((await victim.client.session())?.user?.id).toBe(victim.id);
    expect((await recipient.client.session())?.user?.id).toBe(recipient.id);
  });
});

// ---- Requests shaped to slip past the proxy ------------------------------------------------------------

const BYPASS_HEADERS: [string, Record<string, string>][] = [
  ["x-middleware-subrequest: middleware×5", { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" }],
  ["x-middleware-subrequest: proxy×5", { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" }],
  [
    "x-middleware-subrequest: src/middleware×5",
    { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" },
  ],
  ["RSC: 1", { rsc: "1" }],
  ["Next-Router-Prefetch: 1", { "next-router-prefetch": "1" }],
  ["RSC and Next-Router-Prefetch", { rsc: "1", "next-router-prefetch": "1" }],
  ["RSC with x-middleware-subrequest", { rsc: "1", "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" }],
];

describe.each(BYPASS_HEADERS)("with %s", (_label, headers) => {
  /** Follows Next's `?_rsc=` cache-busting redirects (same path, same headers), as its router does. */
  async function visit(c: RecordingClient, target: string) {
    let response = await c.get(target, { headers });
    for (let hops = 0; hops < 3 && response.status === 307 && /[?&]_rsc(=|&|$)/.test(response.headers.get("location") ?? ""); hops++) {
      await response.arrayBuffer();
      response = await c.get(response.headers.get("location")!, { headers });
    }
    return {
      status: response.status,
      location: response.headers.get("location"),
      type: response.headers.get("content-type") ?? "",
      body: await response.text(),
    };
  }

  // [name, path, whether a signed-in outsider may see the page itself (their own dashboard)]
  const TARGETS: [string, () => string, boolean][] = [
    ["the dashboard", () => "/dashboard", true],
    ["the dashboard with ?_rsc", () => "/dashboard?_rsc=abc", true],
    ["the file page", () => `/files/${victimFile.id}`, false],
    ["the file page with ?_rsc", () => `/files/${victimFile.id}?_rsc=abc`, false],
    ["the admin page", () => "/admin", false],
    ["the download", () => `/api/files/${victimFile.id}/download`, false],
    ["the preview", () => `/api/files/${victimFile.id}/preview`, false],
    ["the thumbnail", () => `/api/files/${victimFile.id}/thumbnail`, false],
    ["Shared by me", () => "/shared", true],
  ];

  type Outcome = Awaited<ReturnType<typeof visit>>;

  function expectNothingOfTheOwner(outcome: Outcome) {
    expect(outcome.body).not.toContain(VICTIM_FILE_NAME);
    expect(outcome.body).not.toContain(VICTIM_CONTENT);
    expect(outcome.body).not.toContain(victim.username);
    expect(outcome.body).not.toContain("Audit trail");
  }

  function expectRefused(outcome: Outcome) {
    const toSignIn = [302, 303, 307, 308].includes(outcome.status) && /^\/login(\?|$)/.test(outcome.location ?? "");
    // The router's payload for a page that answered notFound() or redirect(), or a prefetch's route shell.
    const routerPayload = outcome.status === 200 && outcome.type.startsWith("text/x-component");
    const refused = toSignIn || outcome.status === 401 || outcome.status === 404 || routerPayload;
    if (!refused) throw new Error(`not refused: ${JSON.stringify({ ...outcome, body: outcome.body.slice(0, 300) })}`);
  }

  it.each(TARGETS)("%s shows an anonymous visitor nothing", async (_name, target) => {
    const outcome = await visit(client(), target());
    expectNothingOfTheOwner(outcome);
    expectRefused(outcome);
  });

  it.each(TARGETS)("%s shows a forged session cookie nothing", async (_name, target) => {
    const outcome = await visit(client({ cookie: "authjs.session-token=forged.jwt.value" }), target());
    expectNothingOfTheOwner(outcome);
    expectRefused(outcome);
  });

  it.each(TARGETS)("%s shows another user nothing of the owner's", async (_name, target, theirOwn) => {
    const outcome = await visit(outsider.client, target());
    expectNothingOfTheOwner(outcome);
    if (!theirOwn) expectRefused(outcome);
  });

  it("the owner, with the same headers, does get the file (so the checks above can see a leak)", async () => {
    const download = await visit(victim.client, `/api/files/${victimFile.id}/download`);
    expect(download.body).toBe(VICTIM_CONTENT);
    // A prefetch answers only the route's shell, to everyone alike; every other request renders the page.
    if (!headers["next-router-prefetch"]) {
      const page = await visit(victim.client, `/files/${victimFile.id}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain(VICTIM_FILE_NAME);
    }
  });

  it("server actions still refuse callers without a session or with other users' ids", async () => {
    const outsiderCookie = `${outsider.client.sessionCookie()!.name}=${outsider.client.sessionCookie()!.value}`;
    const forgedCookie = "authjs.session-token=forged.jwt.value";
    const rename = { fileId: victimFile.id, name: "pwned.txt" };
    const attempts: [string, string | null, string, string, string, unknown, string][] = [
      ["anonymous rename", null, "/dashboard", ACTION_FILES.files, "renameFileAction", rename, SESSION_ENDED],
      ["forged rename", forgedCookie, "/dashboard", ACTION_FILES.files, "renameFileAction", rename, SESSION_ENDED],
      [
        "forged link",
        forgedCookie,
        `/files/${malloryFile.id}`,
        ACTION_FILES.file,
        "createLinkAction",
        { fileId: victimFile.id, expiry: "never" },
        SESSION_ENDED,
      ],
      ["forged admin delete", forgedCookie, "/admin", ACTION_FILES.admin, "deleteUserAction", { userId: victim.id }, NOT_FOUND],
      ["outsider rename", outsiderCookie, "/dashboard", ACTION_FILES.files, "renameFileAction", rename, "File not found."],
      [
        "outsider delete",
        outsiderCookie,
        "/dashboard",
        ACTION_FILES.files,
        "deleteFileAction",
        { fileId: victimFile.id },
        "File not found.",
      ],
      [
        "outsider revoke link",
        outsiderCookie,
        `/files/${malloryFile.id}`,
        ACTION_FILES.file,
        "revokeLinkAction",
        { linkId: victimLink.id },
        "Link not found.",
      ],
      ["outsider admin delete", outsiderCookie, "/admin", ACTION_FILES.admin, "deleteUserAction", { userId: victim.id }, NOT_FOUND],
    ];
    const before = await everything();
    for (const [label, cookie, page, actionFile, exportName, input, refusal] of attempts) {
      const c = client(cookie ? { ...headers, cookie } : headers);
      let response = await c.callAction<ActionResult>(page, actionFile, exportName, [input]);
      // With RSC: 1, Next first answers 307 to the same URL with `?_rsc=`; fetch() in a browser repeats the POST there.
      for (let hops = 0; hops < 3 && response.value === undefined && /[?&]_rsc(=|&|$)/.test(response.redirectTo ?? ""); hops++) {
        response = await c.callAction<ActionResult>(response.redirectTo!, actionFile, exportName, [input]);
      }
      // Either the action refused, or the request never reached it: sent to sign in, or (with RSC: 1)
      // answered as a page render without running any action.
      if (response.value === undefined) {
        const notReached = response.redirectTo === null || /^\/login(\?|$)/.test(response.redirectTo);
        if (!notReached) throw new Error(`${label}: went to ${response.redirectTo}`);
      } else {
        expect({ label, value: response.value }).toEqual({ label, value: { ok: false, error: refusal } });
      }
    }
    expect(await everything()).toEqual(before);
  });
});

describe("a server action from another site", () => {
  it("is refused by Next.js and changes nothing, even with the owner's session", async () => {
    const before = await everything();
    const session = victim.client.sessionCookie()!;
    const response = await fetch(new URL("/dashboard", server.url), {
      ...actionRequest(ACTION_FILES.files, "deleteFileAction", [{ fileId: victimFile.id }], {
        origin: "https://evil.example",
        cookie: `${session.name}=${session.value}`,
      }),
      redirect: "manual",
    });
    const text = await response.text();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(text).not.toContain("Deleted");
    expect(await everything()).toEqual(before);
  });
});
