// Row locks, where a decision reads several rows and must not race another writer doing the same. SQLite has one
// writer at a time (and Coffer's connection runs one transaction at a time, lib/db/sqlite.ts), so the statement
// that follows the lock runs alone there already; PostgreSQL, under READ COMMITTED, needs the row locked.
import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { databaseProvider } from "./client";

/**
 * Holds the user's row until the transaction ends: every quota decision about this user (a reservation, a commit)
 * waits for the one before it, and then sees what it committed.
 */
export async function lockUserForQuota(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  if (databaseProvider() === "postgresql") await tx.$executeRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
}
