// Reads that must see one moment of the database: a batch of queries in one transaction does that on SQLite,
// but on PostgreSQL under READ COMMITTED each statement takes its own snapshot, so a commit between two of them
// shows half of it. REPEATABLE READ gives the whole batch one snapshot there (and never fails a read-only batch);
// SQLite's transactions are serialisable, the one level it accepts.
import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { databaseProvider, db } from "./client";

/** Runs read queries (`db.x.findMany(…)`, not awaited yet) against one snapshot; answers their results in order. */
export function readInOneSnapshot<const T extends Prisma.PrismaPromise<unknown>[]>(queries: [...T]) {
  // The types are SQLite's client's (lib/db/client.ts), which knows only its own level.
  const isolationLevel = (databaseProvider() === "postgresql" ? "RepeatableRead" : "Serializable") as "Serializable";
  return db.$transaction(queries, { isolationLevel });
}
