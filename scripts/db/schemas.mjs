// Writes each provider's Prisma schema from prisma/models.prisma, the one source of truth for the models: the
// same models under a header that names the provider and where its client goes. `--check` writes nothing and
// fails when a committed schema is not what prisma/models.prisma makes (someone edited a generated file).
// `npm run db:migration` runs this first; `npm test` runs the check.
import fs from "node:fs";
import path from "node:path";
import { PROVIDERS, schemaPath } from "./providers.mjs";

const header = (
  provider,
) => `// Written by scripts/db/schemas.mjs from prisma/models.prisma: edit that file, not this one (docs/decisions/031).

generator client {
  provider     = "prisma-client"
  output       = "../../lib/generated/${provider}"
  engineType   = "client"
  moduleFormat = "cjs"
}

// The URL is never used (the driver adapters in prisma.config.ts and lib/db/ connect), but it must resolve, or
// the CLI falls back to downloading native engines.
datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}
`;

/** The schema text for `provider`. Any difference a provider forces is made here, and nowhere else. */
export function schemaFor(root, provider) {
  const models = fs.readFileSync(path.join(root, "prisma", "models.prisma"), "utf8");
  return `${header(provider)}\n${models}`;
}

/** Writes every provider's schema; answers the ones that changed. */
export function writeSchemas(root) {
  const changed = [];
  for (const provider of PROVIDERS) {
    const file = schemaPath(root, provider);
    const text = schemaFor(root, provider);
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    changed.push(provider);
  }
  return changed;
}

/** The providers whose committed schema differs from what prisma/models.prisma makes. */
export function staleSchemas(root) {
  return PROVIDERS.filter((provider) => {
    const file = schemaPath(root, provider);
    return !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== schemaFor(root, provider);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const root = path.resolve(import.meta.dirname, "../..");
  if (process.argv.includes("--check")) {
    const stale = staleSchemas(root);
    if (stale.length) {
      console.error(
        `prisma/${stale.join("/schema.prisma and prisma/")}/schema.prisma differ from prisma/models.prisma. ` +
          "Edit prisma/models.prisma only, then run `npm run db:migration -- <name>` (or `node scripts/db/schemas.mjs`).",
      );
      process.exit(1);
    }
    console.log("Each provider's schema matches prisma/models.prisma.");
  } else {
    const changed = writeSchemas(root);
    console.log(changed.length ? `Wrote the schema for ${changed.join(", ")}.` : "The schemas were up to date.");
  }
}
