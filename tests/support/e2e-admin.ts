// Grants the admin role to a user of the Playwright server the way an operator does, with
// `npm run admin -- promote <username>` (scripts/admin.ts) run against that server's database.
// scripts/e2e-server.mjs keeps its database in a fresh folder, coffer-e2e-<its pid>-…, in the system's
// temporary directory; the promotion succeeds only in the database that has the user.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { isRunning } from "./test-run";

const root = path.resolve(__dirname, "../..");
const run = promisify(execFile);

/** Databases of e2e servers that are still running (another developer's run may have one too). */
export function e2eDatabases(): string[] {
  return fs
    .readdirSync(os.tmpdir())
    .filter((name) => isRunning(Number(/^coffer-e2e-(\d+)-/.exec(name)?.[1])))
    .map((name) => path.join(os.tmpdir(), name, "coffer.db"))
    .filter((file) => fs.existsSync(file));
}

export async function promoteToAdmin(username: string): Promise<void> {
  const attempts: string[] = [];
  for (const database of e2eDatabases()) {
    try {
      await run(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/admin.ts", "promote", username], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: `file:${database}`,
          // The script loads the app's environment module, which wants secrets; these open nothing.
          AUTH_SECRET: randomBytes(32).toString("base64url"),
          STORAGE_MASTER_KEY: `cli:${randomBytes(32).toString("base64url")}`,
        },
      });
      return;
    } catch (error) {
      attempts.push(`${database}: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
    }
  }
  throw new Error(`could not promote ${username}:\n${attempts.join("\n") || "no running e2e server database found"}`);
}
