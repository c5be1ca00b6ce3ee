// Where rate-limit counters live. On PostgreSQL, in the database every node shares (the rate_limit_counter table,
// made by the migrations: the app's role needs no DDL): one atomic upsert per consume on this process's pg pool, so
// ten wrong passwords spread over several nodes count as ten, and proxy.ts sees the app's counters. On SQLite one
// process is all there is, and they stay in its memory (docs/decisions/033).
import "server-only";
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from "rate-limiter-flexible";
import { db, postgresPool } from "./client";

export type RateLimitOptions = { points: number; duration: number; blockDuration?: number; keyPrefix: string };

export function createRateLimiter(opts: RateLimitOptions): RateLimiterAbstract {
  const pool = postgresPool();
  if (!pool) return new RateLimiterMemory(opts);
  return new RateLimiterPostgres({
    ...opts,
    storeClient: pool,
    storeType: "pool",
    tableName: "rate_limit_counter",
    tableCreated: true,
    // No timer per limiter (twenty of them, each deleting every five minutes, in every process that ever consumed,
    // a test or a script too): the server's hourly sweep deletes expired rows once (clearExpiredRateLimits).
    clearExpiredByTimeout: false,
  });
}

/** Deletes the counters an hour past their window (PostgreSQL; nothing to do on SQLite). Answers how many. */
export async function clearExpiredRateLimits(now = Date.now()): Promise<number> {
  if (!postgresPool()) return 0;
  const { count } = await db.rateLimitCounter.deleteMany({ where: { expire: { lt: BigInt(now - 3_600_000) } } });
  return count;
}
