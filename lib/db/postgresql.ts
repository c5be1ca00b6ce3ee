// PostgreSQL: the Prisma client through @prisma/adapter-pg 7.x (6.19's own pg adapter fails on catalog types; the
// 6.19 client runs through 7.x) over one pg pool per process, which the rate limiter shares (lib/db/rate-limit-store.ts).
import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/postgresql/client";

/** Connections one process keeps open at most: requests wait for one rather than overwhelm the server. */
const POOL_SIZE = 10;

export function createPostgresPool(url: string): pg.Pool {
  // allowExitOnIdle: idle connections do not keep a script (or a test worker) alive once its work is done.
  return new pg.Pool({ connectionString: url, max: POOL_SIZE, idleTimeoutMillis: 30_000, allowExitOnIdle: true });
}

export function createPostgresClient(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}
