// The audit trail, newest first, optionally for one user (by username) and one kind of event.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export async function listAuditEvents(opts: { userId?: string; username?: string; kind?: string; take?: number }) {
  const where: Prisma.AuditEventWhereInput = {};
  if (opts.userId) where.userId = opts.userId;
  if (opts.username) {
    const user = await db.user.findUnique({ where: { username: opts.username.toLowerCase() }, select: { id: true } });
    where.userId = user?.id ?? "-";
  }
  if (opts.kind) where.kind = opts.kind;
  const events = await db.auditEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: opts.take ?? 100 });
  const ids = [...new Set(events.flatMap((e) => [e.userId, e.actorId]).filter((id): id is string => Boolean(id)))];
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true } })).map((u) => [u.id, u.username]),
  );
  return events.map((e) => ({
    id: e.id,
    kind: e.kind,
    at: e.createdAt,
    user: e.userId ? (names.get(e.userId) ?? "(deleted)") : null,
    actor: e.actorId ? (names.get(e.actorId) ?? "(deleted)") : null,
    detail: e.detail,
    address: e.address,
  }));
}
