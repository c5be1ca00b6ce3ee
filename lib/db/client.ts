// The database this process uses, chosen once from DATABASE_URL (lib/env validated it): SQLite for file: URLs,
// PostgreSQL for postgresql:// ones. Both clients are generated from prisma/models.prisma; the rest of Coffer is
// typed against SQLite's, the one with fewer features, so what compiles runs on both (docs/decisions/031).
import "server-only";
import type pg from "pg";
import { env } from "@/lib/env";
import { providerOf, type DatabaseProvider } from "@/lib/env/database-url.mjs";
import type { PrismaClient } from "@/lib/generated/sqlite/client";
import { processSingleton } from "@/lib/process-state";
import { createSqliteClient } from "./sqlite";
import { createPostgresClient, createPostgresPool } from "./postgresql";

export type Database = PrismaClient;

/** Which provider this process's database is: for lib/db/ alone, where SQL must differ. */
export function databaseProvider(): DatabaseProvider {
  return providerOf(env().DATABASE_URL)!;
}

/** This process's PostgreSQL pool (the Prisma client's, which the rate limiter shares); null on SQLite. */
export function postgresPool(): pg.Pool | null {
  if (databaseProvider() !== "postgresql") return null;
  return processSingleton("postgresql-pool", { kind: "pool", why: "connections to PostgreSQL are per process" }, () =>
    createPostgresPool(env().DATABASE_URL),
  );
}

/** A client of its own for `url` (scripts that open another database); the app uses `db`. */
export function createPrismaClient(url: string): Database {
  if (providerOf(url) === "postgresql") return createPostgresClient(createPostgresPool(url)) as unknown as Database;
  return createSqliteClient(url);
}

export const db: Database = processSingleton(
  "database",
  { kind: "pool", why: "the Prisma client and its connection(s) are per process" },
  () => {
    const pool = postgresPool();
    return pool ? (createPostgresClient(pool) as unknown as Database) : createSqliteClient(env().DATABASE_URL);
  },
);
