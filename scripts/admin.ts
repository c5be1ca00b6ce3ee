// `npm run admin -- <command>`: what an operator does from the server's shell.
//   promote USERNAME            grants the admin role (there is no default admin account)
//   test-email ADDRESS          sends a test mail at once and prints the mail server's answer
import { loadEnvConfig } from "@next/env";

loadEnvConfig(process.cwd());

const USAGE = `Usage:
  npm run admin -- promote USERNAME
  npm run admin -- test-email ADDRESS`;

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
};

async function main() {
  const [command, argument, extra] = process.argv.slice(2);
  const run = command && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run || !argument || extra !== undefined) {
    console.error(USAGE);
    process.exit(2);
  }
  try {
    process.exit(await run(argument));
  } catch (error) {
    // Environment problems (lib/env) are written for the operator.
    console.error((error as Error).message);
    process.exit(1);
  }
}

void main();
