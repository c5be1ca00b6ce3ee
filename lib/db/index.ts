// The database seam: the one Prisma client, its types, and the few things whose SQL differs by provider, each a
// small function named for what it does. Nothing outside lib/db/ knows which provider runs (.dependency-cruiser.cjs).
import "server-only";
import { Prisma } from "@/lib/generated/sqlite/client";

export { db, createPrismaClient, type Database } from "./client";
export { Prisma };
export { lockUserForQuota } from "./row-locks";
export { readInOneSnapshot } from "./snapshot";
export { clearExpiredRateLimits, createRateLimiter } from "./rate-limit-store";

/** A unique constraint refused the write (both providers report it as P2002). */
export function isUniqueViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * The columns of the unique constraint a P2002 names. Where they are depends on the driver: `meta.target` (a
 * list of fields, or the index's name), or the driver adapter's error (`constraint.fields`, or `constraint.index`).
 */
export function uniqueViolationFields(error: Prisma.PrismaClientKnownRequestError): string {
  const meta = error.meta as
    { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[]; index?: string } } } } | undefined;
  const constraint = meta?.driverAdapterError?.cause?.constraint;
  return [meta?.target, constraint?.fields, constraint?.index].flat().filter(Boolean).join(",");
}

/** A foreign key refused the write: the row it points at is gone (P2003). */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003";
}
