// Prisma CLI configuration. The JS schema engine with a driver adapter works offline (the native engines would
// be downloaded): better-sqlite3 for SQLite, @prisma/adapter-pg 7.x for PostgreSQL (6.19's own pg adapter fails
// to migrate: "Column type 'name' could not be deserialized"). The provider, its schema and its migrations follow
// the database URL: MIGRATION_DATABASE_URL when set (the role that owns the schema), else DATABASE_URL.
// COFFER_DB_PROVIDER picks a provider whatever the URL, for `prisma generate` of each provider's client.
import path from "node:path";
import { loadEnvConfig } from "@next/env";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrlProblem, migrationDatabaseUrl, providerOf, type DatabaseProvider } from "./lib/env/database-url.mjs";
import { PLACEHOLDER_URL } from "./scripts/db/providers.mjs";

loadEnvConfig(process.cwd());
const configured = migrationDatabaseUrl();
const problem = databaseUrlProblem(configured);
if (problem) throw new Error(`${process.env.MIGRATION_DATABASE_URL ? "MIGRATION_DATABASE_URL" : "DATABASE_URL"} ${problem}`);
const provider = (process.env.COFFER_DB_PROVIDER as DatabaseProvider | undefined) ?? providerOf(configured)!;
const url = providerOf(configured) === provider ? configured : PLACEHOLDER_URL[provider];
// The schema's datasource reads DATABASE_URL; it must resolve to the provider's form or the CLI falls back to
// engine downloads.
process.env.DATABASE_URL = url;

/** PostgreSQL's internal one-byte type "char" (pg_constraint.contype and the like), and text. */
const PG_CHAR = 18;
const PG_TEXT = 25;

type Queryable = { query: (...args: unknown[]) => unknown; on?: (event: "connect", listener: (client: Queryable) => void) => void };

/** Makes `target`'s promised results call "char" columns text. */
function relabelChar(target: Queryable): void {
  const query = target.query.bind(target);
  const relabel = (result: unknown) => {
    for (const one of (Array.isArray(result) ? result : [result]) as { fields?: { dataTypeID: number }[] }[]) {
      for (const field of one?.fields ?? []) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
    }
    return result;
  };
  target.query = (...args: unknown[]) => {
    const answer = query(...args);
    return answer instanceof Promise ? answer.then(relabel) : answer;
  };
}

/**
 * adapter-pg 7.x for the schema engine, its results calling "char" columns text. The engine's introspection
 * (`migrate diff --from-migrations`, `db pull`) reads catalog columns of that type, which the adapter cannot map
 * ("Column type 'char' could not be deserialized"); pg hands their values over as strings already. CLI only:
 * the app never reads such a column.
 */
class SchemaEnginePg extends PrismaPg {
  override async connect() {
    return relabelled(await super.connect());
  }

  // The shadow database `migrate diff --from-migrations` replays the migrations in (created and dropped by adapter-pg).
  override async connectToShadowDb() {
    return relabelled(await super.connectToShadowDb());
  }
}

function relabelled<T>(adapter: T): T {
  // The adapter queries through its pool, and through a client of it inside transactions.
  const pool = (adapter as unknown as { client: Queryable }).client;
  relabelChar(pool);
  pool.on?.("connect", relabelChar);
  return adapter;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider, "schema.prisma"),
  migrations: { path: path.join("prisma", provider, "migrations") },
  async adapter() {
    return provider === "sqlite" ? new PrismaBetterSQLite3({ url }) : new SchemaEnginePg({ connectionString: url });
  },
});
