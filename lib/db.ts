// The Prisma client, one per process. SQLite runs in WAL mode with a busy timeout so that
// concurrent requests wait for the writer instead of failing.
import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

export function createPrismaClient(url: string): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { coffer?: PrismaClient };

export const db: PrismaClient = (globalForPrisma.coffer ??= createPrismaClient(env().DATABASE_URL));
