// Every notification, over real HTTP and a real SMTP server: sent once, to the right person, only to a confirmed
// address, and not when turned off (in Settings, or by the one-click unsubscribe link of RFC 8058); a share made
// while the mail server is down is made at once and its mail goes out when the server is back.
import { db } from "@/lib/db";
import type { ActionResult } from "@/lib/actions/action-result";
import { startServer, type TestServer } from "../../support/server";
import { TestMailServer, type ReceivedMail } from "../../support/mail-server";
import { Client } from "../../support/http-client";
import { ACTION_FILES } from "../../support/action-files";
import { createLink, member, shareFile, uploadFile, visitor } from "../../support/sharing";
import { confirmedMember } from "../../support/mail-accounts";
import { waitFor } from "../../support/upload";
import { enrolTwoFactor } from "../../support/two-factor";
import { NOTIFICATION_KINDS, type NotificationKind } from "@/lib/mail/notification-kinds";

let mail: TestMailServer;
let server: TestServer;

beforeAll(async () => {
  mail = await TestMailServer.start();
  server = await startServer({ env: { ...mail.env, MAIL_RETRY_SECONDS: "1" } });
});
afterAll(async () => {
  await server?.stop();
  await mail?.stop();
});

/** Every unsubscribe token the tests saw, checked against the server's log at the end. */
const unsubscribeTokens = new Set<string>();

const quiet = (ms = 3_000) => new Promise((resolve) => setTimeout(resolve, ms));

const setNotification = (client: Client, kind: string, enabled: boolean) =>
  client
    .callAction<ActionResult>("/settings", ACTION_FILES.settingsMail, "setNotificationAction", [{ kind, enabled }])
    .then((r) => r.value);

/** The raw List-Unsubscribe headers (mailparser folds List-* headers into one object). */
function unsubscribeHeaders(received: ReceivedMail) {
  const head = received.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(head)?.[1].trim();
  const url = header("List-Unsubscribe")?.replace(/^<|>$/g, "");
  if (url) unsubscribeTokens.add(url.split("/").pop()!);
  return { url, post: header("List-Unsubscribe-Post") };
}

describe("a file shared with you", () => {
  it("is mailed once to the recipient, with a one-click unsubscribe that works", async () => {
    const owner = await member(server);
    const recipient = await confirmedMember(server);
    const file = await uploadFile(owner, "quarterly-report.pdf", Buffer.from("%PDF-1.4 not really\n"));
    expect((await shareFile(owner.client, file.id, recipient.username)).ok).toBe(true);
    const received = await mail.waitForMail(recipient.email, {
      subject: `${owner.username} shared “quarterly-report.pdf” with you`,
      timeoutMs: 30_000,
    });
    expect(received.text).toContain(`${owner.username} shared “quarterly-report.pdf” with you on Coffer.`);
    expect(received.text).toContain("You get this mail because “A file is shared with me” is on in your Coffer settings.");
    expect(mail.mailsTo(owner.email ?? "nobody")).toHaveLength(0);

    // RFC 8058: the header names an HTTPS-or-here URL, and a POST with the one-click body turns it off, no cookie needed.
    const { url, post } = unsubscribeHeaders(received);
    expect(post).toBe("List-Unsubscribe=One-Click");
    expect(url).toMatch(new RegExp(`^${server.url}/api/unsubscribe/`));
    const bodyLink = /Turn this kind of mail off: (\S+)/.exec(received.text)?.[1];
    expect(bodyLink).toMatch(new RegExp(`^${server.url}/unsubscribe/`));
    // Opening the page changes nothing (scanners open links).
    expect((await visitor(server).get(new URL(bodyLink!).pathname)).status).toBe(200);
    expect(await db.notificationSetting.count({ where: { userId: recipient.id } })).toBe(0);
    // Only a POST turns it off: a GET of the one-click address (a scanner, a prefetch) changes nothing.
    expect((await fetch(url!)).status).toBe(405);
    expect(await db.notificationSetting.count({ where: { userId: recipient.id } })).toBe(0);
    const forged = await fetch(`${url!.slice(0, -4)}abcd`, { method: "POST", body: "List-Unsubscribe=One-Click" });
    expect(forged.status).toBe(404);
    const done = await fetch(url!, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(done.status).toBe(200);
    expect(
      await db.notificationSetting.findUnique({ where: { userId_kind: { userId: recipient.id, kind: "share_received" } } }),
    ).toMatchObject({
      enabled: false,
    });

    const second = await uploadFile(owner, "second.txt", Buffer.from("second\n"));
    expect((await shareFile(owner.client, second.id, recipient.username)).ok).toBe(true);
    await quiet(13_000);
    expect(mail.mailsTo(recipient.email, /shared/)).toHaveLength(1);
  });

  it("is one mail for a bulk share of several files", async () => {
    const owner = await member(server);
    const recipient = await confirmedMember(server);
    const files = [];
    for (const name of ["a.txt", "b.txt", "c.txt"]) files.push(await uploadFile(owner, name, Buffer.from(`${name}\n`)));
    const shared = await owner.client.callAction<ActionResult>("/dashboard", ACTION_FILES.dashboard, "shareFilesAction", [
      { fileIds: files.map((f) => f.id), username: recipient.username },
    ]);
    expect(shared.value).toMatchObject({ ok: true });
    const received = await mail.waitForMail(recipient.email, { subject: /shared/, timeoutMs: 30_000 });
    expect(received.subject).toMatch(new RegExp(`^${owner.username} shared “[abc]\\.txt” and 2 more files with you$`));
    await quiet();
    expect(mail.mailsTo(recipient.email, /shared/)).toHaveLength(1);
  });

  it("is not mailed to an address that is not confirmed, nor when turned off in Settings", async () => {
    const owner = await member(server);
    const unconfirmed = await member(server, { email: `unconfirmed-${Date.now()}@example.test` });
    const off = await confirmedMember(server);
    expect(await setNotification(off.client, "share_received", false)).toMatchObject({ ok: true });
    const file = await uploadFile(owner, "nope.txt", Buffer.from("nope\n"));
    for (const user of [unconfirmed, off]) expect((await shareFile(owner.client, file.id, user.username)).ok).toBe(true);
    await quiet(13_000);
    expect(mail.mailsTo(unconfirmed.email!)).toHaveLength(0);
    expect(mail.mailsTo(off.email, /shared/)).toHaveLength(0);
    expect(await db.outboxMail.count({ where: { userId: { in: [unconfirmed.id, off.id] }, kind: "share_received" } })).toBe(0);
  });

  it("is made at once while the mail server is down, and its mail goes out when the server is back", async () => {
    const owner = await member(server);
    const recipient = await confirmedMember(server);
    const file = await uploadFile(owner, "while-down.txt", Buffer.from("down\n"));
    await mail.stop();
    try {
      const started = Date.now();
      expect((await shareFile(owner.client, file.id, recipient.username)).ok).toBe(true);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await db.share.count({ where: { fileId: file.id, recipientId: recipient.id } })).toBe(1);
      // The mail waits (after its ten seconds of gathering), failing with the reason, and the recipient sees the share now.
      await waitFor(
        async () =>
          (await db.outboxMail.findFirst({ where: { userId: recipient.id, kind: "share_received", lastError: { not: null } } })) !== null,
        30_000,
      );
      expect(await (await recipient.client.get("/dashboard")).text()).toContain("while-down.txt");
    } finally {
      await mail.start();
    }
    const received = await mail.waitForMail(recipient.email, { subject: /while-down\.txt/, timeoutMs: 30_000 });
    expect(received.to).toEqual([recipient.email]);
    await quiet();
    expect(mail.mailsTo(recipient.email, /while-down\.txt/)).toHaveLength(1);
  });
});

describe("your link", () => {
  it("downloaded: one mail at once, then at most one an hour with the count", async () => {
    const owner = await confirmedMember(server);
    const file = await uploadFile(owner, "brochure.txt", Buffer.from("brochure\n"));
    const link = await createLink(owner, file.id, { label: "for the fair" });
    expect(await (await visitor(server).get(link.downloadPath)).text()).toBe("brochure\n");
    const first = await mail.waitForMail(owner.email, { subject: "Your link to “brochure.txt” was downloaded", timeoutMs: 15_000 });
    expect(first.text).toContain(`Your link "for the fair" to “brochure.txt” was downloaded.`);
    for (let i = 0; i < 3; i++) expect(await (await visitor(server).get(link.downloadPath)).text()).toBe("brochure\n");
    await quiet();
    expect(mail.mailsTo(owner.email, /was downloaded/)).toHaveLength(1);
    // The next mail waits for the hour, gathering the three downloads.
    const waiting = await db.outboxMail.findFirstOrThrow({ where: { userId: owner.id, kind: "link_downloaded", status: "pending" } });
    expect(waiting.eventCount).toBe(3);
    const sent = await db.outboxMail.findFirstOrThrow({ where: { userId: owner.id, kind: "link_downloaded", status: "sent" } });
    expect(waiting.nextAttemptAt.getTime() - sent.sentAt!.getTime()).toBeGreaterThanOrEqual(3600 * 1000 - 1000);
    // When the hour is up it goes out, with the count.
    await db.outboxMail.update({ where: { id: waiting.id }, data: { nextAttemptAt: new Date() } });
    const second = await mail.waitForMails(owner.email, 2, { subject: /was downloaded/ });
    expect(second[1].text).toContain("was downloaded 3 times since the last mail about it");
  });

  it("reached its download limit: mailed once, with the download that reached it", async () => {
    const owner = await confirmedMember(server);
    expect(await setNotification(owner.client, "link_downloaded", false)).toMatchObject({ ok: true });
    const file = await uploadFile(owner, "limited.txt", Buffer.from("limited\n"));
    const link = await createLink(owner, file.id, { maxDownloads: 2 });
    for (let i = 0; i < 2; i++) expect(await (await visitor(server).get(link.downloadPath)).text()).toBe("limited\n");
    const received = await mail.waitForMail(owner.email, { subject: "Your link to “limited.txt” reached its download limit" });
    expect(received.text).toContain("was downloaded 2 times, its limit: it no longer works.");
    await quiet();
    expect(mail.mailsTo(owner.email, /limited\.txt/)).toHaveLength(1);
  });

  it("reached its limit or expired: not mailed when turned off", async () => {
    const owner = await confirmedMember(server);
    for (const kind of ["link_downloaded", "link_ended"])
      expect(await setNotification(owner.client, kind, false)).toMatchObject({ ok: true });
    const file = await uploadFile(owner, "quiet-link.txt", Buffer.from("quiet\n"));
    const limited = await createLink(owner, file.id, { maxDownloads: 1 });
    expect(await (await visitor(server).get(limited.downloadPath)).text()).toBe("quiet\n");
    const expiring = await createLink(owner, file.id, { expiry: "1h" });
    await db.link.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // The expiry scan claims the link (once a minute on every node) and, the kind being off, mails nothing.
    await waitFor(async () => (await db.link.findUniqueOrThrow({ where: { id: expiring.id } })).expiryNoticeAt !== null, 75_000);
    await quiet();
    expect(mail.mailsTo(owner.email)).toHaveLength(0);
    expect(await db.outboxMail.count({ where: { userId: owner.id } })).toBe(0);
  });

  it("expired: mailed once by the scan, and not for a link that expired long ago", async () => {
    const owner = await confirmedMember(server);
    const file = await uploadFile(owner, "expiring.txt", Buffer.from("expiring\n"));
    const recent = await createLink(owner, file.id, { label: "recent", expiry: "1h" });
    const ancient = await createLink(owner, file.id, { label: "ancient", expiry: "1h" });
    await db.link.update({ where: { id: recent.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await db.link.update({ where: { id: ancient.id }, data: { expiresAt: new Date(Date.now() - 30 * 24 * 3600 * 1000) } });
    // The scan runs every minute on every node.
    const received = await mail.waitForMail(owner.email, { subject: "Your link to “expiring.txt” expired", timeoutMs: 75_000 });
    expect(received.text).toContain(`Your link "recent" to “expiring.txt” expired`);
    expect(await db.link.findUniqueOrThrow({ where: { id: recent.id } })).toMatchObject({ expiryNoticeAt: expect.any(Date) });
    expect(await db.link.findUniqueOrThrow({ where: { id: ancient.id } })).toMatchObject({ expiryNoticeAt: null });
    expect(mail.mailsTo(owner.email, /expired/)).toHaveLength(1);
  });
});

describe("a new sign-in", () => {
  it("from a browser not seen before is mailed; from a known browser, or turned off, it is not", async () => {
    const user = await confirmedMember(server);
    const laptop = new Client(server.url, {
      headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" },
    });
    expect(await laptop.signIn(user.username, user.password)).toBe(true);
    await mail.waitForMail(user.email, { subject: "New sign-in to your Coffer account" });
    expect(mail.mailsTo(user.email, "New sign-in to your Coffer account").map((m) => m.text.split("\n")[0])).toEqual([
      expect.stringMatching(/from a browser that had not signed in to it before \(Firefox on Linux, from the server's own machine\)\.$/),
    ]);
    // The same browser again (it carries its device cookie): nothing.
    expect(await laptop.signIn(user.username, user.password)).toBe(true);
    await quiet();
    expect(mail.mailsTo(user.email, "New sign-in to your Coffer account")).toHaveLength(1);
    expect(await setNotification(user.client, "new_sign_in", false)).toMatchObject({ ok: true });
    expect(await new Client(server.url).signIn(user.username, user.password)).toBe(true);
    await quiet();
    expect(mail.mailsTo(user.email, "New sign-in to your Coffer account")).toHaveLength(1);
  });
});

describe("security notices", () => {
  it("are always sent: password change and two-factor, with no unsubscribe link", async () => {
    const user = await confirmedMember(server);
    for (const kind of ["share_received", "link_downloaded", "link_ended", "new_sign_in"]) {
      expect(await setNotification(user.client, kind, false)).toMatchObject({ ok: true });
    }
    const newPassword = `${user.password}-new`;
    const changed = await user.client.callAction<ActionResult>("/settings", ACTION_FILES.settings, "changePasswordAction", [
      { currentPassword: user.password, newPassword, confirmPassword: newPassword },
    ]);
    expect(changed.value).toMatchObject({ ok: true });
    const notice = await mail.waitForMail(user.email, { subject: "Your Coffer password was changed" });
    expect(notice.text).toContain("these notices cannot be turned off");
    expect(unsubscribeHeaders(notice)).toEqual({ url: undefined, post: undefined });

    await enrolTwoFactor(user.client, newPassword);
    const twoFactor = await mail.waitForMail(user.email, { subject: "Two-factor sign-in is on" });
    expect(twoFactor.text).toContain(`Two-factor sign-in was turned on for your Coffer account ${user.username}`);
    expect(unsubscribeHeaders(twoFactor)).toEqual({ url: undefined, post: undefined });
    await quiet();
    // Only the two notices: every notification was off.
    expect(mail.mailsTo(user.email).map((m) => m.subject)).toEqual(["Your Coffer password was changed", "Two-factor sign-in is on"]);
  });

  it("refuses to turn off a kind that does not exist", async () => {
    const user = await confirmedMember(server);
    expect(await setNotification(user.client, "security_notice", false)).toMatchObject({ ok: false });
    expect(await setNotification(user.client, "constructor", false)).toMatchObject({ ok: false });
    expect(await db.notificationSetting.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("the server's log", () => {
  it("holds no unsubscribe token", async () => {
    expect(unsubscribeTokens.size).toBeGreaterThan(0);
    const logs = server.logs();
    for (const token of unsubscribeTokens) expect({ token, found: logs.includes(token) }).toEqual({ token, found: false });
    expect(logs).toContain('"route":"/api/unsubscribe/[token]"');
  });
});

describe("the mails", () => {
  it("carry no remote images, scripts or tracking, and every link goes to this Coffer", async () => {
    await waitFor(() => mail.mails.length > 5, 5_000);
    for (const received of mail.mails) {
      expect(received.html).not.toMatch(/<img|<script|<link|src=|url\(/i);
      for (const href of received.html.matchAll(/href="([^"]+)"/g)) expect(href[1].startsWith(server.url)).toBe(true);
      for (const url of received.text.match(/https?:\/\/\S+/g) ?? []) expect(url.startsWith(server.url)).toBe(true);
    }
  });

  it("say how to turn each kind off, for every kind: the footer's page and the one-click address name the same kind of the recipient", async () => {
    const kindsSeen = new Set<string>();
    for (const received of mail.mails) {
      const { url, post } = unsubscribeHeaders(received);
      const footer = /Turn this kind of mail off: (\S+)/.exec(received.text)?.[1];
      if (!url) {
        // Security notices and the like: nothing to turn off, and no footer that pretends otherwise.
        expect({ subject: received.subject, post, footer }).toEqual({ subject: received.subject, post: undefined, footer: undefined });
        continue;
      }
      expect(post).toBe("List-Unsubscribe=One-Click");
      const token = url.split("/").pop()!;
      expect(footer).toBe(`${server.url}/unsubscribe/${token}`);
      const [userId, kind] = token.split(".");
      const recipient = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
      expect(received.to).toEqual([recipient.email]);
      expect(received.text).toContain(`You get this mail because “${NOTIFICATION_KINDS[kind as NotificationKind].label}” is on`);
      kindsSeen.add(kind);
    }
    expect([...kindsSeen].sort()).toEqual(Object.keys(NOTIFICATION_KINDS).sort());
  });
});
