// `npm run admin -- promote <username>`: grants the admin role. There is no default admin account.
import { loadEnvConfig } from "@next/env";

loadEnvConfig(process.cwd());

async function main() {
  const [command, username] = process.argv.slice(2);
  if (command !== "promote" || !username) {
    console.error("Usage: npm run admin -- promote <username>");
    process.exit(2);
  }
  const { db } = await import("@/lib/db");
  const updated = await db.user.updateMany({ where: { username: username.toLowerCase() }, data: { role: "admin" } });
  if (updated.count === 0) {
    console.error(`No user named "${username}".`);
    process.exit(1);
  }
  console.log(`${username.toLowerCase()} is now an admin.`);
}

void main();
