// Invitations: a one-time link an admin makes for someone to register with, even with registration closed. An
// invitation is an AccountToken of purpose "invitation" with no account (docs/decisions/060): 256 random bits, only
// the digest stored, the token after "#", used by one conditional update in the transaction that creates the account
// (lib/auth/register-user.ts). The admin sees the open ones and can withdraw one. Audited.
import "server-only";
import { env } from "@/lib/env";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { issueAccountToken, revokeAccountToken } from "@/lib/account-tokens/account-token";

export const invitationUrl = (token: string) => `${env().APP_URL}/register#${token}`;

/** How an invitation is named to admins (in the list and the audit trail): never from its token. */
export const invitationName = (id: string) => `#${id.slice(-6)}`;

export async function createInvitation(opts: { adminId: string; days: number }) {
  const issued = await db.$transaction((tx) =>
    issueAccountToken(tx, { userId: null, purpose: "invitation", createdById: opts.adminId, ttlSeconds: opts.days * 24 * 3600 }),
  );
  const name = invitationName(issued.id);
  await audit({ kind: "admin.invitation_created", actorId: opts.adminId, detail: name });
  return { id: issued.id, name, url: invitationUrl(issued.token), expiresAt: issued.expiresAt };
}

export async function revokeInvitation(opts: { invitationId: string; adminId: string }) {
  const done = await db.$transaction((tx) => revokeAccountToken(tx, { id: opts.invitationId, purpose: "invitation" }));
  if (!done) throw new AppError("not_found", "This invitation was already used, withdrawn or over.");
  const name = invitationName(opts.invitationId);
  await audit({ kind: "admin.invitation_revoked", actorId: opts.adminId, detail: name });
  return { name };
}

/** The invitations that still work, newest first, with who made them. */
export async function listOpenInvitations() {
  const rows = await db.accountToken.findMany({
    where: { purpose: "invitation", userId: null, usedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdById: true, createdAt: true, expiresAt: true },
    take: 200,
  });
  const makers = await db.user.findMany({
    where: { id: { in: rows.map((r) => r.createdById).filter((id): id is string => id !== null) } },
    select: { id: true, username: true },
  });
  const nameOf = new Map(makers.map((m) => [m.id, m.username]));
  return rows.map((r) => ({
    id: r.id,
    name: invitationName(r.id),
    createdBy: (r.createdById && nameOf.get(r.createdById)) ?? "(deleted)",
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  }));
}
