// Where rate-limit counters live. On PostgreSQL, in the database every node shares (the rate_limit_counter table,
// made by the migrations: the app's role needs no DDL): one atomic upsert per consume on this process's pg pool, so
// ten wrong passwords spread over several nodes count as ten, and proxy.ts sees the app's counters. On SQLite one
// process is all there is, and they stay in its memory (docs/decisions/033).
import "server-only";
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from "rate-limiter-flexible";
import { postgresPool } from "./client";

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
    // Rows an hour past their window are deleted every five minutes (by each limiter, for its own keys and others').
    clearExpiredByTimeout: true,
  });
}
