// Named leases: which node does a job that one node at a time should do (the routine sweeps), until when. A Lease
// row per name; taking and renewing it is one conditional update (the holder's own lease, or one that ran out), the
// same statement on SQLite and PostgreSQL, so two nodes asking at once never both get it (docs/decisions/066).
// Times are the nodes' clocks, as for every lease in Coffer: nodes must keep them in step (NTP) to well under a lease.
import "server-only";
import { db, isUniqueViolation } from "@/lib/db";

export type LeaseTerms = { name: string; holder: string; seconds: number; now?: Date };

/**
 * Takes the lease, or renews it for its holder: answers true when `holder` holds it for `seconds` from now. A lease
 * another holder renewed in time is left alone (false). The first to ask for a name makes its row.
 */
export async function acquireLease(terms: LeaseTerms): Promise<boolean> {
  const now = terms.now ?? new Date();
  const leaseUntil = new Date(now.getTime() + terms.seconds * 1000);
  const renewed = await db.lease.updateMany({
    where: { name: terms.name, holder: terms.holder, leaseUntil: { gte: now } },
    data: { leaseUntil },
  });
  if (renewed.count === 1) return true;
  // Its own lease that ran out is taken afresh, like anyone else's: another node may have taken it meanwhile.
  const taken = await db.lease.updateMany({
    where: { name: terms.name, leaseUntil: { lt: now } },
    data: { holder: terms.holder, leaseUntil, acquiredAt: now },
  });
  if (taken.count === 1) return true;
  try {
    await db.lease.create({ data: { name: terms.name, holder: terms.holder, leaseUntil, acquiredAt: now } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false; // someone holds it
    throw error;
  }
}

/** Gives the lease up now if `holder` still holds it (a node shutting down): another node takes it at once. */
export async function releaseLease(terms: { name: string; holder: string }): Promise<boolean> {
  const released = await db.lease.deleteMany({ where: { name: terms.name, holder: terms.holder } });
  return released.count === 1;
}

/** Who holds the lease now, and until when; null when nobody does. */
export async function currentLease(name: string, now = new Date()): Promise<{ holder: string; leaseUntil: Date } | null> {
  const row = await db.lease.findUnique({ where: { name }, select: { holder: true, leaseUntil: true } });
  return row && row.leaseUntil >= now ? row : null;
}
