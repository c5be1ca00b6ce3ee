// The audit trail, newest first, a page at a time (keyset pagination on createdAt and id, so a page costs the
// same however deep it is): for one user (by id in their settings, by username for admins), one category or
// one exact event code.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db";
import { auditCategoryWhere, type AuditCategory } from "./audit-categories";
import { decodeAuditCursor, encodeAuditCursor } from "./audit-cursor";
import { describeAuditEvent } from "./describe-audit-event";

export const AUDIT_PAGE_SIZE = 50;

export type AuditEventRow = {
  id: string;
  kind: string;
  at: Date;
  user: string | null;
  actor: string | null;
  address: string | null;
  detail: string | null;
  /** The event in the reader's words ("You uploaded notes.txt"). */
  sentence: string;
};

export async function listAuditEvents(opts: {
  /** Who reads the trail: their own events are written with "you". */
  viewerId: string;
  userId?: string;
  username?: string;
  kind?: string;
  category?: AuditCategory;
  /** Where the previous page ended (its nextCursor). */
  cursor?: string;
  take?: number;
}): Promise<{ events: AuditEventRow[]; nextCursor: string | null }> {
  const take = opts.take ?? AUDIT_PAGE_SIZE;
  const conditions: Prisma.AuditEventWhereInput[] = [];
  if (opts.userId) conditions.push({ userId: opts.userId });
  if (opts.username) {
    const user = await db.user.findUnique({ where: { username: opts.username.toLowerCase() }, select: { id: true } });
    conditions.push({ userId: user?.id ?? "-" });
  }
  if (opts.kind) conditions.push({ kind: opts.kind });
  if (opts.category) conditions.push(auditCategoryWhere(opts.category));
  const after = decodeAuditCursor(opts.cursor);
  if (after) conditions.push({ OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] });

  const rows = await db.auditEvent.findMany({
    where: { AND: conditions },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const page = rows.slice(0, take);
  const ids = [...new Set(page.flatMap((e) => [e.userId, e.actorId]).filter((id): id is string => Boolean(id)))];
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true } })).map((u) => [u.id, u.username]),
  );
  const events = page.map((e) => {
    const user = e.userId ? (names.get(e.userId) ?? "(deleted)") : null;
    const actor = e.actorId ? (names.get(e.actorId) ?? "(deleted)") : null;
    return {
      id: e.id,
      kind: e.kind,
      at: e.createdAt,
      user,
      actor,
      address: e.address,
      detail: e.detail,
      sentence: describeAuditEvent({ ...e, user, actor }, opts.viewerId),
    };
  });
  const last = page[page.length - 1];
  return { events, nextCursor: rows.length > take && last ? encodeAuditCursor({ at: last.createdAt, id: last.id }) : null };
}
