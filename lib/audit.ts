// The security audit trail. Events name what happened, to which account, by whom; never a secret.
import "server-only";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { truncateAddress } from "@/lib/client-address";

export const AUDIT_KINDS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.password_changed",
  "auth.signed_out_everywhere",
  "file.uploaded",
  "file.deleted",
  "share.created",
  "share.revoked",
  "link.created",
  "link.revoked",
  "admin.user_disabled",
  "admin.user_enabled",
  "admin.user_deleted",
  "admin.registration_closed",
  "admin.registration_opened",
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export async function audit(event: {
  kind: AuditKind;
  userId?: string | null;
  actorId?: string | null;
  detail?: string;
  address?: string;
  /** The file the event is about, by name. */
  fileName?: string;
  /** The other party: a recipient's username or a link's name. */
  peer?: string;
  /** The browser and system of a sign-in ("Firefox on Linux"), never the raw user agent. */
  device?: string | null;
}) {
  try {
    await db.auditEvent.create({
      data: {
        kind: event.kind,
        userId: event.userId ?? null,
        actorId: event.actorId ?? event.userId ?? null,
        detail: event.detail?.slice(0, 500) ?? null,
        address: event.address ? truncateAddress(event.address) : null,
        fileName: event.fileName?.slice(0, 300) ?? null,
        peer: event.peer?.slice(0, 120) ?? null,
        device: event.device?.slice(0, 120) ?? null,
      },
    });
  } catch (error) {
    // The action itself has happened; a lost audit row must at least reach the log.
    logger.error({ err: error, kind: event.kind, userId: event.userId }, "audit event not recorded");
  }
}
