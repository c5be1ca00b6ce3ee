// `npm run db:migration -- <name>`: after editing prisma/models.prisma, writes each provider's schema from it and,
// for every provider whose migrations do not reach that schema yet, the migration that does:
// prisma/<provider>/migrations/<UTC timestamp>_<name>/migration.sql, one timestamp for all. Review the SQL, then
// commit it with the schemas. PostgreSQL's is made in a scratch database of a throwaway cluster (`pg_virtualenv`,
// Debian's `postgresql`), or of the cluster PGHOST… or COFFER_POSTGRES_ADMIN_URL name.
// `--check` writes nothing and fails when a schema or a migration history lags behind prisma/models.prisma: the
// drift check `npm test` runs (PostgreSQL's part needs a cluster, as above; without one it says it was skipped).
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { postgresAdminUrl } from "./postgres-cluster.mjs";
import { missingMigrationSql } from "./migrations.mjs";
import { PROVIDERS, migrationsPath } from "./providers.mjs";
import { staleSchemas, writeSchemas } from "./schemas.mjs";

const root = path.resolve(import.meta.dirname, "../..");
const args = process.argv.slice(2);
const check = args.includes("--check");
const name = args.find((arg) => !arg.startsWith("--"));

function hasCommand(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Without a cluster, runs this same command again inside a throwaway one; answers false when there is none to be had. */
function ensureCluster() {
  if (postgresAdminUrl()) return true;
  if (!hasCommand("pg_virtualenv")) return false;
  const run = spawnSync("pg_virtualenv", ["-t", process.execPath, import.meta.filename, ...args], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}

const utcStamp = () => new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);

async function writeMigrations() {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("Usage: npm run db:migration -- <name>   (lower-case letters, digits and _, such as add_outbox)");
    process.exit(2);
  }
  if (!ensureCluster()) {
    console.error(
      "Writing PostgreSQL's migration needs a PostgreSQL cluster: `apt-get install postgresql` (for pg_virtualenv), or set PGHOST… or COFFER_POSTGRES_ADMIN_URL.",
    );
    process.exit(1);
  }
  const changed = writeSchemas(root);
  if (changed.length) console.log(`Wrote prisma/${changed.join("/schema.prisma and prisma/")}/schema.prisma from prisma/models.prisma.`);
  const folder = `${utcStamp()}_${name}`;
  let written = 0;
  for (const provider of PROVIDERS) {
    const sql = await missingMigrationSql(root, provider);
    if (!sql) {
      console.log(`${provider}: its migrations already reach the schema; nothing written.`);
      continue;
    }
    const dir = path.join(migrationsPath(root, provider), folder);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`${provider}: wrote ${path.relative(root, dir)}/migration.sql`);
    written++;
  }
  for (const provider of PROVIDERS) {
    if (await missingMigrationSql(root, provider)) throw new Error(`${provider}'s migrations still do not reach its schema`);
  }
  console.log(
    written
      ? "Review the SQL (data moves and defaults for existing rows are yours to add), then commit it with the schemas."
      : "Nothing to do.",
  );
}

async function checkDrift() {
  const stale = staleSchemas(root);
  if (stale.length) {
    console.error(
      `prisma/${stale.join("/schema.prisma and prisma/")}/schema.prisma do not match prisma/models.prisma: run \`npm run db:migration -- <name>\` (and never edit those files).`,
    );
    process.exit(1);
  }
  const clusterHere = postgresAdminUrl() !== null;
  if (!clusterHere && hasCommand("pg_virtualenv")) ensureCluster();
  let failed = false;
  for (const provider of PROVIDERS) {
    if (provider === "postgresql" && !clusterHere) {
      console.log("postgresql: not checked: no PostgreSQL here (`apt-get install postgresql` for pg_virtualenv, or set PGHOST…).");
      continue;
    }
    const sql = await missingMigrationSql(root, provider);
    if (!sql) {
      console.log(`${provider}: the migrations reach the schema.`);
      continue;
    }
    failed = true;
    console.error(`${provider}: the migrations in prisma/${provider}/migrations do not reach its schema; they lack:\n${sql}`);
  }
  if (failed) {
    console.error("Run `npm run db:migration -- <name>` to write the missing migrations (docs/decisions/031).");
    process.exit(1);
  }
}

await (check ? checkDrift() : writeMigrations());
