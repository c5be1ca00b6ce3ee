// `npm run db:generate`: generates the Prisma client of every provider (lib/generated/sqlite and
// lib/generated/postgresql): one build serves either database, and lib/db/ picks the client at start-up.
import path from "node:path";
import { execFileSync } from "node:child_process";
import { PROVIDERS } from "./providers.mjs";

const root = path.resolve(import.meta.dirname, "../..");

export function generateClients(cwd = root) {
  for (const provider of PROVIDERS) {
    try {
      execFileSync(path.join(cwd, "node_modules", ".bin", "prisma"), ["generate"], {
        cwd,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, COFFER_DB_PROVIDER: provider, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      });
    } catch (error) {
      // Prisma's chatter stays quiet unless generation failed.
      process.stderr.write(`${error.stdout ?? ""}${error.stderr ?? ""}`);
      throw error;
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  generateClients();
  console.log(`Generated the Prisma client for ${PROVIDERS.join(" and ")}.`);
}
