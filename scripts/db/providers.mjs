// The database providers Coffer runs on, and where each one's schema, migrations and client live. The Prisma
// CLI (prisma.config.ts) and the scripts under scripts/db/ read this; the app chooses through lib/db/.
// Plain Node: `npm start` reads it before anything is built.
import path from "node:path";

export { providerOf } from "../../lib/env/database-url.mjs";

export const PROVIDERS = ["sqlite", "postgresql"];

export function schemaPath(root, provider) {
  return path.join(root, "prisma", provider, "schema.prisma");
}

export function migrationsPath(root, provider) {
  return path.join(root, "prisma", provider, "migrations");
}

/** A URL of the provider's form, for the Prisma CLI commands that must name one but never connect (generate). */
export const PLACEHOLDER_URL = { sqlite: "file:./data/coffer.db", postgresql: "postgresql://localhost/coffer" };
