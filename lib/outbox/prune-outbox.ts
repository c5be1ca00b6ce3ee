// What the outbox keeps of a sent or given-up mail (no contents, only kind, recipient, attempts and the last error)
// is kept for 30 days, for the admin page and for questions such as "did the reset mail go out?".
import "server-only";
import { db } from "@/lib/db";

export const OUTBOX_KEEP_DAYS = 30;

export async function pruneOutbox(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - OUTBOX_KEEP_DAYS * 24 * 3600 * 1000);
  const { count } = await db.outboxMail.deleteMany({ where: { status: { in: ["sent", "failed"] }, createdAt: { lt: before } } });
  return count;
}
