// Who may do what with a shared file, over real HTTP: alice owns it, bob is its recipient, carol is a
// stranger, and an anonymous client has no session. Refused actions must change nothing in the database.
import { db } from "@/lib/db";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { createUser, uniqueUsername } from "../../support/factories";
import { bytesOf, sha256 } from "../../support/sample-files";
import { download, waitFor, type UploadedFile } from "../../support/upload";
import {
  createLink,
  createLinkResult,
  deleteFile,
  member,
  removeSharedFile,
  renameFile,
  revokeLink,
  revokeShare,
  shareFile,
  sharingSnapshot,
  uploadFile,
  visitor,
  type CreatedLink,
  type Member,
} from "../../support/sharing";
import { ACTION_FILES } from "../../support/action-files";

// The project's testTimeout does not reach hooks in a multi-project run: set it here.
jest.setTimeout(60_000);

let server: TestServer;
let alice: Member;
let bob: Member;
let carol: Member;
let anonymous: Client;

beforeAll(async () => {
  server = await startServer();
  [alice, bob, carol] = await Promise.all([member(server), member(server), member(server)]);
  anonymous = new Client(server.url);
});

afterAll(async () => {
  await server?.stop();
});

async function shareWith(owner: Member, file: UploadedFile, recipient: Member): Promise<string> {
  const result = await shareFile(owner.client, file.id, recipient.username);
  expect(result).toEqual({ ok: true, data: undefined, message: `Shared with ${recipient.username}.` });
  const share = await db.share.findUniqueOrThrow({ where: { fileId_recipientId: { fileId: file.id, recipientId: recipient.id } } });
  return share.id;
}

async function pageOf(client: Client, path: string) {
  const response = await client.get(path);
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
}

describe("the access matrix", () => {
  const data = bytesOf("matrix", 70_000);
  let file: UploadedFile;
  let shareId: string;
  let link: CreatedLink;

  beforeAll(async () => {
    file = await uploadFile(alice, "quarterly-plan.bin", data);
    shareId = await shareWith(alice, file, bob);
    link = await createLink(alice, file.id, { label: "matrix link" });
  });

  it("lets the owner see the file's page and download it", async () => {
    const page = await pageOf(alice.client, `/files/${file.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("quarterly-plan.bin");
    expect(page.html).toContain(file.sha256);
    expect(page.html).toContain(bob.username);
    const got = await download(alice.client, file.id);
    expect(got.status).toBe(200);
    expect(got.sha256).toBe(sha256(data));
  });

  it('lets the recipient download the file and find it under "Shared with me"', async () => {
    const got = await download(bob.client, file.id);
    expect(got.error).toBeUndefined();
    expect(got.status).toBe(200);
    expect(got.received).toBe(data.length);
    expect(got.sha256).toBe(sha256(data));
    const dashboard = await pageOf(bob.client, "/dashboard");
    expect(dashboard.status).toBe(200);
    expect(dashboard.html).toContain("quarterly-plan.bin");
    expect(dashboard.html).toContain(`/api/files/${file.id}/download`);
  });

  it("answers a stranger 404 on the download, as for a file that does not exist", async () => {
    const stranger = await download(carol.client, file.id);
    expect(stranger.status).toBe(404);
    expect(stranger.received).toBeLessThan(100);
    const missing = await download(carol.client, "c0000000000000000000000000");
    expect(stranger.status).toBe(missing.status);
    expect(stranger.bytes!.toString()).toBe(missing.bytes!.toString());
    expect((await pageOf(carol.client, "/dashboard")).html).not.toContain("quarterly-plan.bin");
  });

  it("asks an anonymous client to sign in", async () => {
    const got = await anonymous.get(`/api/files/${file.id}/download`);
    expect(got.status).toBe(401);
    expect(await got.json()).toEqual({ error: "Sign in to continue." });
    const page = await pageOf(anonymous, `/files/${file.id}`);
    expect(page.status).toBeGreaterThanOrEqual(300);
    expect(page.status).toBeLessThan(400);
    expect(new URL(page.location!, server.url).pathname).toBe("/login");
  });

  it("shows a stranger a 404 page for the file, without its details", async () => {
    const page = await pageOf(carol.client, `/files/${file.id}`);
    expect(page.status).toBe(404);
    expect(page.html).toContain("Page not found");
    expect(page.html).not.toContain("quarterly-plan.bin");
    expect(page.html).not.toContain(file.sha256);
    expect(page.html).not.toContain("matrix link");
  });

  it("shows the recipient the file's page read-only, without the owner's links, recipients or activity", async () => {
    const page = await pageOf(bob.client, `/files/${file.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("quarterly-plan.bin");
    expect(page.html).toContain(alice.username);
    expect(page.html).not.toContain("matrix link");
    expect(page.html).not.toContain("Public links");
    expect(page.html).not.toContain("Create link");
  });

  it.each([
    ["the recipient", () => bob],
    ["a stranger", () => carol],
  ])("refuses %s every owner's action, and nothing changes", async (_who, who) => {
    const actor = who().client;
    const before = await sharingSnapshot();

    expect(await shareFile(actor, file.id, carol.username)).toMatchObject({ ok: false, error: "File not found." });
    expect(await shareFile(actor, file.id, bob.username)).toMatchObject({ ok: false, error: "File not found." });
    expect(await revokeShare(actor, file.id, shareId)).toMatchObject({ ok: false, error: "Share not found." });
    expect(await createLinkResult(actor, file.id, { label: "sneaky" })).toMatchObject({ ok: false, error: "File not found." });
    expect(await createLinkResult(actor, file.id, { password: "a long password", maxDownloads: 5 })).toMatchObject({ ok: false });
    expect(await revokeLink(actor, file.id, link.id)).toMatchObject({ ok: false, error: "Link not found." });
    expect(await renameFile(actor, file.id, "renamed.bin")).toMatchObject({ ok: false, error: "File not found." });
    expect(await deleteFile(actor, file.id)).toMatchObject({ ok: false, error: "File not found." });

    expect(await sharingSnapshot()).toEqual(before);
    // The share and the link still work. The download's activity is written once its connection settles, after
    // the response: wait for it, or the next snapshot could take it for a change the next caller made.
    const activities = await db.activity.count();
    expect((await download(bob.client, file.id)).status).toBe(200);
    expect(await waitFor(async () => (await db.activity.count()) > activities)).toBe(true);
    expect((await visitor(server).get(link.path)).status).toBe(200);
  });

  it('does not let a stranger remove the recipient\'s share from "their" list', async () => {
    const before = await sharingSnapshot();
    expect(await removeSharedFile(carol.client, shareId)).toMatchObject({ ok: false, error: "Share not found." });
    expect(await sharingSnapshot()).toEqual(before);
  });

  it("refuses the owner's actions without a session, and nothing changes", async () => {
    const before = await sharingSnapshot();
    // Without any session cookie the proxy sends the request to the sign-in page before any action runs.
    const redirected = await anonymous.callAction(`/files/${file.id}`, ACTION_FILES.file, "revokeShareAction", [{ shareId }]);
    expect(redirected.value).toBeUndefined();
    expect(redirected.redirectTo).toMatch(/\/login/);
    // With a forged session cookie the request reaches the actions, which find no session.
    const forged = new Client(server.url, { headers: { cookie: "authjs.session-token=forged" } });
    const calls: [string, unknown][] = [
      ["shareFileAction", { fileId: file.id, username: carol.username }],
      ["revokeShareAction", { shareId }],
      ["createLinkAction", { fileId: file.id, expiry: "never" }],
      ["revokeLinkAction", { linkId: link.id }],
    ];
    for (const [name, input] of calls) {
      const response = await forged.callAction<{ ok: boolean; error?: string }>(`/files/${file.id}`, ACTION_FILES.file, name, [input]);
      expect(response.value).toEqual({ ok: false, error: "Your session has ended. Please sign in again." });
    }
    expect(await sharingSnapshot()).toEqual(before);
  });
});

describe("ending a share", () => {
  it("takes the file away from the recipient at once when the owner revokes", async () => {
    const file = await uploadFile(alice, "revoked-soon.bin", bytesOf("revoke", 5_000));
    const shareId = await shareWith(alice, file, bob);
    expect((await download(bob.client, file.id)).status).toBe(200);

    expect(await revokeShare(alice.client, file.id, shareId)).toEqual({
      ok: true,
      data: undefined,
      message: `${bob.username} no longer has access.`,
    });
    expect(await db.share.count({ where: { fileId: file.id } })).toBe(0);
    expect((await download(bob.client, file.id)).status).toBe(404);
    expect((await pageOf(bob.client, "/dashboard")).html).not.toContain("revoked-soon.bin");
    // A second revoke finds nothing.
    expect(await revokeShare(alice.client, file.id, shareId)).toMatchObject({ ok: false, error: "Share not found." });
  });

  it("ends the share when the recipient removes the file from their list", async () => {
    const file = await uploadFile(alice, "remove-me.bin", bytesOf("remove", 5_000));
    const shareId = await shareWith(alice, file, bob);
    const carolShare = await shareWith(alice, file, carol);
    expect((await pageOf(bob.client, "/dashboard")).html).toContain("remove-me.bin");

    expect(await removeSharedFile(bob.client, shareId)).toEqual({
      ok: true,
      data: undefined,
      message: 'Removed "remove-me.bin" from your list.',
    });
    expect(await db.share.findUnique({ where: { id: shareId } })).toBeNull();
    expect((await download(bob.client, file.id)).status).toBe(404);
    expect((await pageOf(bob.client, "/dashboard")).html).not.toContain("remove-me.bin");
    // Only bob's share ended; the owner keeps the file and carol keeps her access.
    expect(await db.share.findUnique({ where: { id: carolShare } })).not.toBeNull();
    expect((await download(carol.client, file.id)).status).toBe(200);
    expect((await download(alice.client, file.id)).status).toBe(200);
    const removal = await db.activity.findFirst({ where: { fileId: file.id, kind: "share.removed_by_recipient" } });
    expect(removal).toMatchObject({ actorId: bob.id, actorName: bob.username });
    expect(await removeSharedFile(bob.client, shareId)).toMatchObject({ ok: false, error: "Share not found." });
  });
});

describe("a disabled owner", () => {
  it("takes the owner's shared files away from their recipients", async () => {
    const dave = await member(server);
    const file = await uploadFile(dave, "daves-notes.bin", bytesOf("dave", 2_000));
    await shareWith(dave, file, bob);
    expect((await download(bob.client, file.id)).status).toBe(200);
    expect((await pageOf(bob.client, "/dashboard")).html).toContain("daves-notes.bin");

    await db.user.update({ where: { id: dave.id }, data: { disabled: true } });
    expect((await download(bob.client, file.id)).status).toBe(404);
    expect((await pageOf(bob.client, "/dashboard")).html).not.toContain("daves-notes.bin");
  });
});

describe("deleting a file", () => {
  it("removes every share and link with it", async () => {
    const file = await uploadFile(alice, "short-lived.bin", bytesOf("delete", 9_000));
    await shareWith(alice, file, bob);
    await shareWith(alice, file, carol);
    const links = [await createLink(alice, file.id), await createLink(alice, file.id, { password: "a long password", maxDownloads: 2 })];
    expect((await visitor(server).get(links[0].path)).status).toBe(200);
    expect((await download(bob.client, file.id)).status).toBe(200);

    expect(await deleteFile(alice.client, file.id)).toEqual({ ok: true, data: undefined, message: 'Deleted "short-lived.bin".' });

    expect(await db.file.findUnique({ where: { id: file.id } })).toBeNull();
    expect(await db.share.count({ where: { fileId: file.id } })).toBe(0);
    expect(await db.link.count({ where: { id: { in: links.map((l) => l.id) } } })).toBe(0);
    expect(await db.activity.count({ where: { fileId: file.id } })).toBe(0);
    expect((await download(bob.client, file.id)).status).toBe(404);
    expect((await download(carol.client, file.id)).status).toBe(404);
    expect((await pageOf(bob.client, "/dashboard")).html).not.toContain("short-lived.bin");
    for (const link of links) {
      const page = await visitor(server).get(link.path);
      expect(page.status).toBe(404);
      expect(await page.text()).toContain("Link not available");
      const got = await visitor(server).get(link.downloadPath);
      expect(got.status).toBe(404);
      expect(await got.text()).toBe("This link is not available.");
    }
  });
});

describe("share errors", () => {
  let file: UploadedFile;

  beforeAll(async () => {
    file = await uploadFile(alice, "errors.bin", bytesOf("errors", 1_000));
  });

  it("names an unknown user", async () => {
    const nobody = uniqueUsername("nobody");
    expect(await shareFile(alice.client, file.id, nobody)).toEqual({
      ok: false,
      error: `There is no user named "${nobody}".`,
      fieldErrors: { username: [`There is no user named "${nobody}".`] },
    });
    expect(await db.share.count({ where: { fileId: file.id } })).toBe(0);
  });

  it("treats a disabled account as unknown", async () => {
    const disabled = await createUser({ disabled: true });
    expect(await shareFile(alice.client, file.id, disabled.username)).toMatchObject({
      ok: false,
      error: `There is no user named "${disabled.username}".`,
    });
    expect(await db.share.count({ where: { fileId: file.id } })).toBe(0);
  });

  it("refuses to share a file with its owner", async () => {
    expect(await shareFile(alice.client, file.id, alice.username.toUpperCase())).toEqual({
      ok: false,
      error: "You already own this file.",
      fieldErrors: { username: ["You already own this file."] },
    });
    expect(await db.share.count({ where: { fileId: file.id } })).toBe(0);
  });

  it("matches usernames case-insensitively and refuses to share twice", async () => {
    expect(await shareFile(alice.client, file.id, ` ${bob.username.toUpperCase()} `)).toEqual({
      ok: true,
      data: undefined,
      message: `Shared with ${bob.username}.`,
    });
    const shares = await db.share.findMany({ where: { fileId: file.id } });
    expect(shares.map((s) => s.recipientId)).toEqual([bob.id]);
    expect((await download(bob.client, file.id)).status).toBe(200);

    const again = `${bob.username[0].toUpperCase()}${bob.username.slice(1)}`;
    expect(await shareFile(alice.client, file.id, again)).toEqual({
      ok: false,
      error: `This file is already shared with ${bob.username}.`,
      fieldErrors: { username: [`This file is already shared with ${bob.username}.`] },
    });
    expect(await db.share.count({ where: { fileId: file.id } })).toBe(1);
    expect(await db.activity.count({ where: { fileId: file.id, kind: "share.created" } })).toBe(1);
  });

  it("refuses a malformed username under its field", async () => {
    const result = await shareFile(alice.client, file.id, "no spaces allowed");
    expect(result).toMatchObject({ ok: false, fieldErrors: { username: [expect.any(String)] } });
    expect(await db.share.count({ where: { fileId: file.id, recipient: { username: { not: bob.username } } } })).toBe(0);
  });
});
