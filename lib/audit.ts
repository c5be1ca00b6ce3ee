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
  "auth.session_ended",
  "auth.two_factor_enabled",
  "auth.two_factor_disabled",
  "auth.two_factor_failed",
  "auth.recovery_code_used",
  "auth.recovery_codes_replaced",
  "auth.password_reset_requested",
  "auth.password_reset",
  "auth.password_set",
  "auth.registered_by_invitation",
  "auth.email_changed",
  "file.uploaded",
  "file.deleted",
  "share.created",
  "share.revoked",
  "link.created",
  "link.revoked",
  "link.password_failed",
  "token.created",
  "token.revoked",
  "token.used_from_new_network",
  "request.created",
  "request.closed",
  "request.reopened",
  "request.password_failed",
  "admin.file_requests_on",
  "admin.file_requests_off",
  "admin.user_disabled",
  "admin.user_enabled",
  "admin.user_deleted",
  "admin.registration_closed",
  "admin.registration_opened",
  "admin.two_factor_required",
  "admin.two_factor_optional",
  "admin.reset_link_issued",
  "admin.two_factor_reset",
  "admin.user_created",
  "admin.invitation_created",
  "admin.invitation_revoked",
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
        // null: nobody signed in did it (a link visitor); left out: the user did it themselves.
        actorId: event.actorId === undefined ? (event.userId ?? null) : event.actorId,
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
