// The outbox against a real SMTP server on loopback: the production server's background loop sends what is queued,
// once, as text and simple HTML; a server that is down or refuses for now is tried again later, a permanent refusal
// is given up at once, each with its reason in the log and on the row; two nodes on one database send each mail
// exactly once; TLS is what the scheme says, on any port; `npm run admin -- test-email` reports the server's answer.
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { db } from "@/lib/db";
import { sealSecret } from "@/lib/crypto/seal-secret";
import { startServer, type TestServer } from "../../support/server";
import { TestMailServer } from "../../support/mail-server";
import { waitFor } from "../../support/upload";
import { Client } from "../../support/http-client";
import { createUser } from "../../support/factories";

const root = path.resolve(__dirname, "../../..");
const run = promisify(execFile);

/** A row as enqueueMail writes it (sealed facts), straight into this file's database. */
function testMailRow(to: string) {
  const { sealed, keyId } = sealSecret(Buffer.from(JSON.stringify({ node: "the test" })), "outbox-mail");
  return { kind: "test", recipient: to, payload: sealed, payloadKeyId: keyId };
}
const queueTestMail = (to: string) => db.outboxMail.create({ data: testMailRow(to) });

const outboxRow = (id: string) => db.outboxMail.findUniqueOrThrow({ where: { id } });

function logLines(server: TestServer): Record<string, unknown>[] {
  return server
    .logs()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the outbox", () => {
  let mail: TestMailServer;
  let server: TestServer;

  beforeAll(async () => {
    mail = await TestMailServer.start();
    server = await startServer({ env: { ...mail.env, MAIL_RETRY_SECONDS: "1", NODE_NAME: "node-a" } });
  });
  afterAll(async () => {
    await server?.stop();
    await mail?.stop();
  });

  it("sends a queued mail once, as text and simple HTML over STARTTLS, then drops its contents", async () => {
    const row = await queueTestMail("ada@example.test");
    const received = await mail.waitForMail("ada@example.test");
    expect(received.subject).toBe("Coffer test mail");
    expect(received.from).toBe("coffer@example.test");
    expect(received.text).toContain("If you can read it, Coffer's mail settings work.");
    expect(received.html).toContain("If you can read it, Coffer&#39;s mail settings work.");
    // No remote images, scripts or tracking: nothing in the HTML loads from anywhere.
    expect(received.html).not.toMatch(/<img|<script|src=|url\(/i);
    expect(received.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail.logins).toContain("coffer");

    await waitFor(async () => (await outboxRow(row.id)).status === "sent", 5_000);
    expect(await outboxRow(row.id)).toMatchObject({ status: "sent", payload: null, payloadKeyId: null, attempts: 1, leaseHolder: null });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(mail.mailsTo("ada@example.test")).toHaveLength(1);
  });

  it("keeps a mail while the mail server is down, says why, and sends it when the server is back", async () => {
    await mail.stop();
    const row = await queueTestMail("grace@example.test");
    await waitFor(async () => (await outboxRow(row.id)).attempts >= 2, 15_000);
    const waiting = await outboxRow(row.id);
    expect(waiting.status).toBe("pending");
    expect(waiting.lastError).toMatch(/ECONNECTION|ECONNREFUSED/);
    expect(waiting.payload).not.toBeNull();
    const warned = logLines(server).find((line) => line.msg === "mail not sent, will try again" && line.mailId === row.id);
    expect(warned).toMatchObject({ kind: "test", reason: expect.stringMatching(/ECONNREFUSED/), domain: "example.test" });

    await mail.start();
    const received = await mail.waitForMail("grace@example.test", { timeoutMs: 30_000 });
    expect(received.subject).toBe("Coffer test mail");
    await waitFor(async () => (await outboxRow(row.id)).status === "sent", 5_000);
    expect(mail.mailsTo("grace@example.test")).toHaveLength(1);
  });

  it("waits longer after each failure (the wait doubles)", async () => {
    await mail.stop();
    const row = await queueTestMail("backoff@example.test");
    const failures: number[] = [];
    await waitFor(
      async () => {
        const current = await outboxRow(row.id);
        if (current.lastErrorAt && !failures.includes(current.lastErrorAt.getTime())) failures.push(current.lastErrorAt.getTime());
        return failures.length >= 4;
      },
      30_000,
      50,
    );
    await mail.start();
    const gaps = failures.slice(1).map((at, i) => at - failures[i]);
    // 1 s, 2 s, 4 s (±10 %), with the loop's 2 s tick on top.
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[2]).toBeGreaterThanOrEqual(3_600);
    expect(gaps[2]).toBeGreaterThan(gaps[0]);
    await mail.waitForMail("backoff@example.test", { timeoutMs: 30_000 });
  });
});

describe("refusals and TLS", () => {
  let server: TestServer | undefined;
  let mail: TestMailServer | undefined;
  afterEach(async () => {
    await server?.stop();
    await mail?.stop();
    server = mail = undefined;
  });

  it("gives a permanently refused recipient up at once, with the server's reply, and counts it for the admin page", async () => {
    mail = await TestMailServer.start({ refuse: (address) => address.startsWith("nobody@") });
    server = await startServer({ env: { ...mail.env, MAIL_RETRY_SECONDS: "1", NODE_NAME: "node-b" } });
    const refused = await queueTestMail("nobody@example.test");
    const fine = await queueTestMail("somebody@example.test");
    await mail.waitForMail("somebody@example.test");
    await waitFor(async () => (await outboxRow(refused.id)).status === "failed", 10_000);
    const row = await outboxRow(refused.id);
    expect(row).toMatchObject({ status: "failed", attempts: 1, payload: null });
    expect(row.lastError).toMatch(/EENVELOPE.*550 5\.1\.1 <nobody@example\.test>: no such mailbox/);
    expect(logLines(server).find((line) => line.msg === "mail given up" && line.mailId === refused.id)).toBeDefined();
    expect((await outboxRow(fine.id)).status).toBe("sent");

    // The admin page counts it and shows the reason.
    const admin = await createUser({ role: "admin" });
    const client = new Client(server.url);
    expect(await client.signIn(admin.username, admin.password)).toBe(true);
    const page = await (await client.get("/admin")).text();
    expect(page).toMatch(/data-testid="mail-failed"[^>]*>1</);
    expect(page).toContain("no such mailbox");
    expect(page).toContain("Mail goes from <strong>Coffer &lt;coffer@example.test&gt;</strong>");
  });

  it("sends over TLS from the first byte with smtps://", async () => {
    mail = await TestMailServer.start({ tls: "implicit" });
    server = await startServer({ env: { ...mail.env, NODE_NAME: "node-c" } });
    await queueTestMail("tls@example.test");
    expect((await mail.waitForMail("tls@example.test")).subject).toBe("Coffer test mail");
  });

  it("refuses to send in plain text to a server that does not offer STARTTLS", async () => {
    mail = await TestMailServer.start({ tls: "none" });
    // Coffer is told smtp:// (STARTTLS required), the server only speaks plain text.
    server = await startServer({
      env: { ...mail.env, SMTP_URL: `smtp://localhost:${mail.port}`, MAIL_RETRY_SECONDS: "1", NODE_NAME: "node-d" },
    });
    const row = await queueTestMail("plain@example.test");
    await waitFor(async () => (await outboxRow(row.id)).lastError !== null, 10_000);
    expect((await outboxRow(row.id)).lastError).toMatch(/STARTTLS/i);
    expect(mail.mails).toHaveLength(0);
  });

  it("retries a wrong SMTP password, naming the refusal without the password", async () => {
    mail = await TestMailServer.start();
    const wrong = mail.env.SMTP_URL.replace(encodeURIComponent(mail.password), "not-the-password");
    server = await startServer({ env: { ...mail.env, SMTP_URL: wrong, MAIL_RETRY_SECONDS: "1", NODE_NAME: "node-e" } });
    const row = await queueTestMail("auth@example.test");
    await waitFor(async () => (await outboxRow(row.id)).attempts >= 2, 15_000);
    const current = await outboxRow(row.id);
    expect(current.status).toBe("pending");
    expect(current.lastError).toMatch(/EAUTH.*535/);
    expect(server.logs()).not.toContain("not-the-password");
  });
});

describe("two nodes on one database", () => {
  it("send each of 40 mails exactly once", async () => {
    const mail = await TestMailServer.start();
    const nodes = await Promise.all(["node-1", "node-2"].map((name) => startServer({ env: { ...mail.env, NODE_NAME: name } })));
    try {
      const addresses = Array.from({ length: 40 }, (_, i) => `many-${i}@example.test`);
      // One statement: both nodes find all 40 due at the same moment.
      await db.outboxMail.createMany({ data: addresses.map(testMailRow) });
      for (const address of addresses) await mail.waitForMail(address, { timeoutMs: 60_000 });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      for (const address of addresses) expect(mail.mailsTo(address)).toHaveLength(1);
      const rows = await db.outboxMail.findMany({
        where: { recipient: { in: addresses } },
        select: { id: true, status: true, attempts: true },
      });
      expect(rows.filter((row) => row.status === "sent" && row.attempts === 1)).toHaveLength(40);
      // Each node logs what it sent: together exactly the 40.
      const ids = new Set(rows.map((row) => row.id));
      const sentBy = nodes.map(
        (node) => logLines(node).filter((line) => line.msg === "mail sent" && ids.has(line.mailId as string)).length,
      );
      expect(sentBy[0] + sentBy[1]).toBe(40);
    } finally {
      await Promise.all(nodes.map((node) => node.stop()));
      await mail.stop();
    }
  });
});

describe("the sender's lease", () => {
  it("is won by exactly one of many concurrent claims, and taken over only once it expired", async () => {
    const { claimMail, settleMail, MAIL_LEASE_SECONDS } = await import("@/lib/outbox/claim-mail");
    for (let round = 0; round < 10; round++) {
      const row = await queueTestMail(`lease-${round}@example.test`);
      const claims = await Promise.all(["a", "b", "c", "d"].map((node) => claimMail({ id: row.id, node })));
      const won = claims.filter((claim) => claim !== null);
      expect(won).toHaveLength(1);
      // Held: nobody else gets it, until the lease has run out.
      expect(await claimMail({ id: row.id, node: "e" })).toBeNull();
      const later = new Date(Date.now() + (MAIL_LEASE_SECONDS + 1) * 1000);
      const takeover = await claimMail({ id: row.id, node: "f", now: later });
      expect(takeover).not.toBeNull();
      // The first holder's lease is gone: it can no longer settle the row.
      expect(await settleMail(won[0]!, { status: "sent" })).toBe(false);
      expect(await settleMail(takeover!, { status: "sent" })).toBe(true);
      expect(await outboxRow(row.id)).toMatchObject({ status: "sent", attempts: 2 });
    }
  });
});

describe("npm run admin -- test-email", () => {
  const admin = (args: string[], env: Record<string, string>) =>
    run(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/admin.ts", ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });

  it("sends a test mail at once and prints the server's answer", async () => {
    const mail = await TestMailServer.start();
    try {
      const { stdout } = await admin(["test-email", "operator@example.test"], mail.env);
      expect(stdout).toMatch(/The mail server accepted the test mail for operator@example\.test: 250/);
      expect((await mail.waitForMail("operator@example.test")).subject).toBe("Coffer test mail");
    } finally {
      await mail.stop();
    }
  });

  it("says why when the mail server cannot be reached, and exits 1", async () => {
    const mail = await TestMailServer.start();
    await mail.stop();
    const failed = await admin(["test-email", "operator@example.test"], mail.env).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/The test mail was not sent: (ESOCKET|ECONNECTION).*ECONNREFUSED/);
  });

  it("says that mail is off without SMTP_URL", async () => {
    const failed = await admin(["test-email", "operator@example.test"], {}).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.stderr).toMatch(/mail is off: set SMTP_URL and MAIL_FROM/);
  });
});
