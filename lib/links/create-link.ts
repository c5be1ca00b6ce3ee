// Creates a public link for a file the user manages. The token is stored only as its digest (for the lookup) and
// sealed with the master key (for the owner's copy button, lib/links/sealed-token.ts).
import "server-only";
import { db } from "@/lib/db";
import { fieldError, notFound } from "@/lib/errors";
import { findManageableFile } from "@/lib/files/access";
import { FILE_NOT_FOUND } from "@/lib/files/rename-file";
import { hashPassword } from "@/lib/auth/password";
import { recordActivity } from "@/lib/activity/record-activity";
import { audit } from "@/lib/audit";
import { linkName } from "./link-name";
import { hashLinkToken, newLinkToken } from "./token";
import { sealLinkToken } from "./sealed-token";
import { isCalendarDate, type ExpiryPreset } from "./schemas";

const HOUR = 60 * 60 * 1000;
const PRESET_MS: Partial<Record<ExpiryPreset, number>> = { "1h": HOUR, "1d": 24 * HOUR, "7d": 7 * 24 * HOUR, "30d": 30 * 24 * HOUR };

export function expiryDate(expiry: ExpiryPreset, expiresOn: string | undefined, now = Date.now()): Date | null {
  if (expiry === "never") return null;
  if (expiry === "date") {
    if (!expiresOn) throw fieldError("expiresOn", "Pick a date.");
    if (!isCalendarDate(expiresOn)) throw fieldError("expiresOn", "That date does not exist.");
    // The link works through the end of the chosen day (UTC).
    const end = new Date(`${expiresOn}T23:59:59.999Z`);
    if (end.getTime() <= now) {
      throw fieldError("expiresOn", "Pick a date in the future.");
    }
    return end;
  }
  return new Date(now + PRESET_MS[expiry]!);
}

export async function createLink(opts: {
  fileId: string;
  ownerId: string;
  label?: string;
  message?: string;
  allowPreview?: boolean;
  /** When it stops working (expiryDate() for the form's presets); null for never. */
  expiresAt: Date | null;
  password?: string;
  maxDownloads?: number;
}) {
  const file = await findManageableFile({ fileId: opts.fileId, userId: opts.ownerId });
  if (!file) throw notFound(FILE_NOT_FOUND);
  const token = newLinkToken();
  const link = await db.link.create({
    data: {
      fileId: file.id,
      tokenHash: hashLinkToken(token),
      ...sealLinkToken(token),
      label: opts.label ?? null,
      message: opts.message ?? null,
      allowPreview: opts.allowPreview ?? false,
      expiresAt: opts.expiresAt,
      maxDownloads: opts.maxDownloads ?? null,
      passwordHash: opts.password ? await hashPassword(opts.password) : null,
    },
    select: { id: true, label: true, createdAt: true },
  });
  await recordActivity({ fileId: file.id, kind: "link.created", actorId: opts.ownerId, subject: linkName(link), linkId: link.id });
  await audit({
    kind: "link.created",
    userId: opts.ownerId,
    detail: `${linkName(link)} for ${file.name} (${file.id})`,
    fileName: file.name,
    peer: linkName(link),
  });
  return { linkId: link.id, token, createdAt: link.createdAt };
}
