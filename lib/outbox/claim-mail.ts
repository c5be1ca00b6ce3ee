// The sender's lease on one outbox row: a conditional update that only succeeds while nobody holds an unexpired
// lease, so that on several nodes exactly one sends each mail. The same statement on SQLite and PostgreSQL.
// (Issue 18's general lease module will take this over once it is on main.)
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";

/** Longer than the transport's timeouts add up to (lib/outbox/smtp-transport.ts), so a lease never ends mid-send. */
export const MAIL_LEASE_SECONDS = 120;

export type MailLease = { id: string; holder: string };

/** Claims the row for this node; null when it is not due, not pending, or another sender holds it. */
export async function claimMail(opts: { id: string; node: string; now?: Date }): Promise<MailLease | null> {
  const now = opts.now ?? new Date();
  // Unique per claim, so a sender whose lease expired cannot settle the row another sender claimed since.
  const holder = `${opts.node}:${randomBytes(6).toString("base64url")}`;
  const claimed = await db.outboxMail.updateMany({
    where: {
      id: opts.id,
      status: "pending",
      nextAttemptAt: { lte: now },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
    },
    // Claimed, it gathers no more events (lib/outbox/enqueue-mail.ts): later ones start the next mail.
    data: {
      leaseHolder: holder,
      leaseUntil: new Date(now.getTime() + MAIL_LEASE_SECONDS * 1000),
      attempts: { increment: 1 },
      pendingKey: null,
    },
  });
  return claimed.count === 1 ? { id: opts.id, holder } : null;
}

/** Settles a claimed row, only while this claim still holds it; false when the lease was lost. */
export async function settleMail(lease: MailLease, data: Parameters<typeof db.outboxMail.updateMany>[0]["data"]): Promise<boolean> {
  const settled = await db.outboxMail.updateMany({
    where: { id: lease.id, leaseHolder: lease.holder },
    data: { ...data, leaseHolder: null, leaseUntil: null },
  });
  return settled.count === 1;
}
