// `npm run admin -- <command>`: what an operator does from the server's shell.
//   promote USERNAME            grants the admin role (there is no default admin account)
//   test-email ADDRESS          sends a test mail at once and prints the mail server's answer
//   reset-link USERNAME         prints a one-time password reset link for the user (30 minutes)
//   reset-two-factor USERNAME   turns two-factor sign-in off for a user who lost their authenticator
import { loadEnvConfig } from "@next/env";
import { requireCofferDatabase } from "./require-coffer-database";

loadEnvConfig(process.cwd());

const USAGE = `Usage:
  npm run admin -- promote USERNAME
  npm run admin -- test-email ADDRESS
  npm run admin -- reset-link USERNAME
  npm run admin -- reset-two-factor USERNAME`;

async function findUser(username: string): Promise<{ id: string } | null> {
  const { db } = await import("@/lib/db");
  const user = await db.user.findUnique({ where: { username: username.toLowerCase() }, select: { id: true } });
  if (!user) console.error(`No user named "${username}".`);
  return user;
}

async function resetLink(username: string): Promise<number> {
  const user = await findUser(username);
  if (!user) return 1;
  const { issueResetLink } = await import("@/lib/recovery/issue-reset-link");
  const link = await issueResetLink({ userId: user.id, adminId: null });
  const { formatDateTime } = await import("@/lib/format-date-time");
  console.log(`A one-time password reset link for ${link.username}, good until ${formatDateTime(link.expiresAt)}:`);
  console.log(link.url);
  console.log("Hand it to them yourself. It is shown only now; making another one ends this one.");
  console.log(await howTold());
  return 0;
}

async function resetTwoFactor(username: string): Promise<number> {
  const user = await findUser(username);
  if (!user) return 1;
  const { resetTwoFactor: reset } = await import("@/lib/admin/reset-two-factor");
  const done = await reset({ userId: user.id, adminId: null });
  console.log(`Two-factor sign-in is off for ${done.username}; their sessions were ended. ${await howTold()}`);
  return 0;
}

/** Whether the user hears of what the operator did by mail too: only when this Coffer sends mail. */
async function howTold(): Promise<string> {
  const { mailEnabled } = await import("@/lib/outbox/enqueue-mail");
  return mailEnabled()
    ? "It is in their account's activity, and mailed to their address if it is confirmed."
    : "It is in their account's activity; this Coffer sends no mail (SMTP_URL is not set), so tell them yourself.";
}

async function promote(username: string): Promise<number> {
  const { db } = await import("@/lib/db");
  const updated = await db.user.updateMany({ where: { username: username.toLowerCase() }, data: { role: "admin" } });
  if (updated.count === 0) {
    console.error(`No user named "${username}".`);
    return 1;
  }
  console.log(`${username.toLowerCase()} is now an admin.`);
  return 0;
}

async function testEmail(address: string): Promise<number> {
  const { emailSchema } = await import("@/lib/auth/schemas");
  const parsed = emailSchema.safeParse(address);
  if (!parsed.success) {
    console.error(`"${address}" is not an email address.`);
    return 2;
  }
  const { sendTestMail } = await import("@/lib/outbox/send-test-mail");
  const result = await sendTestMail(parsed.data);
  if (!result.ok) {
    console.error(`The test mail was not sent: ${result.reason}`);
    return 1;
  }
  console.log(`The mail server accepted the test mail for ${parsed.data}: ${result.response}`);
  return 0;
}

const COMMANDS: Record<string, (argument: string) => Promise<number>> = {
  promote,
  "test-email": testEmail,
  "reset-link": resetLink,
  "reset-two-factor": resetTwoFactor,
};

async function main() {
  const [command, argument, extra] = process.argv.slice(2);
  const run = command && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run || !argument || extra !== undefined) {
    console.error(USAGE);
    process.exit(2);
  }
  try {
    // Every command but test-email opens the database: it must be Coffer's, found where the server finds it.
    if (command !== "test-email") await requireCofferDatabase();
    process.exit(await run(argument));
  } catch (error) {
    // Environment problems (lib/env) and refusals (AppError) are written for the operator.
    console.error((error as Error).message);
    process.exit(1);
  }
}

void main();
