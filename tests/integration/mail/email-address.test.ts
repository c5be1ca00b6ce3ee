// Email addresses over real HTTP and a real SMTP server: an address entered at registration or in Settings is mailed
// a confirmation link (once, 24 hours) and used for nothing else until it is opened; a new address replaces the
// current one only then, and the old address is told; the current password is asked; whoever confirms an address
// owns it; without mail, the address is only a name to sign in with.
import { db } from "@/lib/db";
import type { ActionResult } from "@/lib/actions/action-result";
import { startServer, type TestServer } from "../../support/server";
import { TestMailServer } from "../../support/mail-server";
import { Client } from "../../support/http-client";
import { ACTION_FILES } from "../../support/action-files";
import { strongPassword, uniqueUsername } from "../../support/factories";
import { member, resultOf, visitor } from "../../support/sharing";
import { confirmedMember, requestReset, tokenIn } from "../../support/mail-accounts";

const CONFIRM_SUBJECT = "Confirm your email address for Coffer";
const CHANGED_SUBJECT = "The email address of your Coffer account changed";

const changeEmail = (client: Client, email: string, currentPassword: string) =>
  client.callAction<ActionResult>("/settings", ACTION_FILES.settingsMail, "changeEmailAction", [{ email, currentPassword }]).then(resultOf);
const inspect = (token: string) =>
  visitor(server)
    .callAction<ActionResult<{ username: string; email: string }>>(
      "/confirm-email",
      ACTION_FILES.confirmEmail,
      "inspectEmailConfirmationAction",
      [{ token }],
    )
    .then(resultOf);
const confirm = (token: string) =>
  visitor(server)
    .callAction<ActionResult<{ email: string }>>("/confirm-email", ACTION_FILES.confirmEmail, "confirmEmailAction", [{ token }])
    .then(resultOf);

let mail: TestMailServer;
let server: TestServer;

beforeAll(async () => {
  mail = await TestMailServer.start();
  server = await startServer({ env: { ...mail.env, LOG_LEVEL: "debug", MAIL_RETRY_SECONDS: "1" } });
});
afterAll(async () => {
  await server?.stop();
  await mail?.stop();
});

/** Every confirmation token and password the tests handle, checked against the server's log at the end. */
const secrets = new Set<string>();

async function confirmationToken(email: string, count = 1) {
  const mails = await mail.waitForMails(email, count, { subject: CONFIRM_SUBJECT });
  const token = tokenIn(mails[count - 1], server, "/confirm-email#");
  secrets.add(token);
  return token;
}

describe("an address given at registration", () => {
  it("is mailed a link, gets no other mail until it is opened, and is confirmed once", async () => {
    const username = uniqueUsername("reg");
    const email = `${username}@example.test`;
    const registered = await visitor(server).callAction("/register", ACTION_FILES.register, "registerAction", [
      { username, email, password: strongPassword() },
    ]);
    expect(registered.redirectTo).toBe("/dashboard");
    const token = await confirmationToken(email);
    const user = await db.user.findUniqueOrThrow({ where: { username } });
    expect(user).toMatchObject({ email, emailVerified: null });
    // Not confirmed: a reset is not mailed to it.
    await requestReset(visitor(server, "203.0.113.9"), email);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(mail.mailsTo(email, "Reset your Coffer password")).toHaveLength(0);

    expect(await inspect(token)).toEqual({ ok: true, data: { username, email } });
    expect(await confirm(token)).toMatchObject({ ok: true, data: { email } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeInstanceOf(Date);
    expect(await confirm(token)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^This confirmation link does not work any more/),
    });
  });
});

describe("changing the address in Settings", () => {
  it("asks for the password, keeps the current address until the new one is confirmed, then tells the old one", async () => {
    const user = await confirmedMember(server);
    const next = `new-${user.username}@example.test`;
    expect(await changeEmail(user.client, next, "not my password")).toMatchObject({
      ok: false,
      fieldErrors: { currentPassword: [expect.any(String)] },
    });
    expect(await changeEmail(user.client, next, user.password)).toMatchObject({ ok: true });
    const token = await confirmationToken(next);
    // Until the link is opened, the old address is the account's.
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      email: user.email,
      emailVerified: expect.any(Date),
    });
    expect(await (await user.client.get("/settings")).text()).toContain("Waiting for confirmation");

    expect(await confirm(token)).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ email: next, emailVerified: expect.any(Date) });
    const told = await mail.waitForMail(user.email, { subject: CHANGED_SUBJECT });
    expect(told.text).toContain(`was changed to ${next}`);
    expect(mail.mailsTo(next, CHANGED_SUBJECT)).toHaveLength(0);
  });

  it("tells the old address when the address is removed", async () => {
    const user = await confirmedMember(server);
    expect(await changeEmail(user.client, "", user.password)).toMatchObject({ ok: true, message: "Your email address is removed." });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ email: null, emailVerified: null });
    expect((await mail.waitForMail(user.email, { subject: CHANGED_SUBJECT })).text).toContain("was removed");
  });

  it("works for 24 hours only", async () => {
    const user = await confirmedMember(server);
    const next = `late-${user.username}@example.test`;
    expect(await changeEmail(user.client, next, user.password)).toMatchObject({ ok: true });
    const token = await confirmationToken(next);
    const row = await db.accountToken.findFirstOrThrow({ where: { userId: user.id, purpose: "email_confirmation", usedAt: null } });
    expect(Math.abs(row.expiresAt.getTime() - row.createdAt.getTime() - 24 * 3600 * 1000)).toBeLessThan(5_000);
    await db.accountToken.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await confirm(token)).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });

  it("refuses an address another account has confirmed, and gives an unconfirmed one to whoever confirms it", async () => {
    const owner = await confirmedMember(server);
    const other = await member(server);
    expect(await changeEmail(other.client, owner.email, other.password)).toMatchObject({
      ok: false,
      fieldErrors: { email: ["That email is already registered."] },
    });
    // Someone registered with an address they do not own; its owner claims it from their account.
    const squatted = `squatted-${uniqueUsername()}@example.test`;
    const squatter = await member(server, { email: squatted });
    const rightful = await member(server);
    expect(await changeEmail(rightful.client, squatted, rightful.password)).toMatchObject({ ok: true });
    expect(await confirm(await confirmationToken(squatted))).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { id: rightful.id } })).toMatchObject({
      email: squatted,
      emailVerified: expect.any(Date),
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: squatter.id } })).toMatchObject({ email: null });
  });

  it("confirms nothing for an account disabled after the link was mailed", async () => {
    const address = `disabled-${uniqueUsername()}@example.test`;
    const someone = await member(server);
    expect(await changeEmail(someone.client, address, someone.password)).toMatchObject({ ok: true });
    const token = await confirmationToken(address);
    await db.user.update({ where: { id: someone.id }, data: { disabled: true } });
    expect(await confirm(token)).toMatchObject({ ok: false });
    expect(await db.user.findUniqueOrThrow({ where: { id: someone.id } })).toMatchObject({ emailVerified: null });
  });

  it("gives an address two accounts confirm at the same moment to one of them, and tells the other plainly", async () => {
    // Five rounds of two confirmations sent together: on PostgreSQL both transactions run at once, and the unique
    // address is what decides (before, the loser's commit failed on it and answered "Something went wrong").
    for (let round = 0; round < 5; round++) {
      const address = `contested-${uniqueUsername()}@example.test`;
      const [first, second] = await Promise.all([member(server), member(server)]);
      expect(await changeEmail(first.client, address, first.password)).toMatchObject({ ok: true });
      expect(await changeEmail(second.client, address, second.password)).toMatchObject({ ok: true });
      const tokens = [await confirmationToken(address, 1), await confirmationToken(address, 2)];
      const results = await Promise.all(tokens.map((token) => confirm(token)));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.find((result) => !result.ok)).toMatchObject({
        ok: false,
        error: "This address was confirmed for another account meanwhile.",
      });
      const holders = await db.user.findMany({ where: { email: address }, select: { id: true, emailVerified: true } });
      expect(holders).toEqual([{ id: results[0].ok ? first.id : second.id, emailVerified: expect.any(Date) }]);
    }
  });
});

describe("the server's log", () => {
  it("holds no confirmation token", () => {
    expect(secrets.size).toBeGreaterThan(3);
    const logs = server.logs();
    for (const secret of secrets) expect({ secret, found: logs.includes(secret) }).toEqual({ secret, found: false });
    expect(logs).not.toContain("/confirm-email#");
    expect(logs).toContain('"msg":"mail sent"');
  });
});

describe("without mail", () => {
  it("sets the address at once, as a name to sign in with, and mails nothing", async () => {
    const plain = await startServer();
    try {
      const user = await member(plain);
      const email = `plain-${user.username}@example.test`;
      const answer = resultOf(
        await user.client.callAction<ActionResult>("/settings", ACTION_FILES.settingsMail, "changeEmailAction", [
          { email, currentPassword: user.password },
        ]),
      );
      expect(answer).toMatchObject({ ok: true, message: `Your email address is now ${email}.` });
      expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ email, emailVerified: null });
      expect(await new Client(plain.url).signIn(email, user.password)).toBe(true);
      expect(await db.outboxMail.count({ where: { userId: user.id } })).toBe(0);
      const settings = await (await user.client.get("/settings")).text();
      expect(settings).toContain("This Coffer does not send mail");
      const forgot = await (await new Client(plain.url).get("/forgot-password")).text();
      expect(forgot).toContain("Ask its administrator for one");
    } finally {
      await plain.stop();
    }
  });
});
