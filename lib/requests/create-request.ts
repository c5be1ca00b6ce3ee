// Creates a file request for a user: its token stored only as its digest (for the lookup) and sealed with the master
// key (for the owner's copy button), its limits checked against the server's, recorded in the audit trail.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, fieldError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { audit } from "@/lib/audit";
import { formatBytes } from "@/lib/files/format-bytes";
import { expiryDate } from "@/lib/links/create-link";
import { hashLinkToken, newLinkToken } from "@/lib/links/token";
import { MAX_EXPIRY_DAYS, parseAllowedTypes } from "./limits";
import { fileRequestsEnabled } from "./requests-enabled";
import { requestUrl, sealRequestToken } from "./sealed-token";
import type { RequestExpiryPreset } from "./schemas";

const MiB = 1024 * 1024;

export const REQUESTS_OFF = "File requests are turned off on this server.";

export async function createRequest(opts: {
  ownerId: string;
  label: string;
  message?: string;
  expiry: RequestExpiryPreset;
  expiresOn?: string;
  password?: string;
  maxFiles: number;
  maxTotalMiB: number;
  maxFileMiB?: number;
  allowedTypes?: string;
}): Promise<{ requestId: string; url: string; path: string }> {
  if (!(await fileRequestsEnabled())) throw new AppError("forbidden", REQUESTS_OFF);
  const { USER_QUOTA, MAX_FILE_SIZE } = env();
  const expiresAt = expiryDate(opts.expiry, opts.expiresOn)!;
  if (expiresAt.getTime() > Date.now() + MAX_EXPIRY_DAYS * 24 * 3600_000) {
    throw fieldError("expiresOn", "Pick a date within a year.");
  }
  const maxTotalBytes = opts.maxTotalMiB * MiB;
  if (maxTotalBytes > USER_QUOTA) throw fieldError("maxTotalMiB", `At most your quota, ${formatBytes(USER_QUOTA)}.`);
  const maxFileBytes = opts.maxFileMiB === undefined ? null : opts.maxFileMiB * MiB;
  if (maxFileBytes !== null && maxFileBytes > MAX_FILE_SIZE) {
    throw fieldError("maxFileMiB", `At most the server's largest file, ${formatBytes(MAX_FILE_SIZE)}.`);
  }
  const types = parseAllowedTypes(opts.allowedTypes);
  if ("error" in types) throw fieldError("allowedTypes", types.error);
  const token = newLinkToken();
  const request = await db.fileRequest.create({
    data: {
      ownerId: opts.ownerId,
      tokenHash: hashLinkToken(token),
      ...sealRequestToken(token),
      label: opts.label,
      message: opts.message ?? null,
      passwordHash: opts.password ? await hashPassword(opts.password) : null,
      expiresAt,
      maxFiles: opts.maxFiles,
      maxTotalBytes: BigInt(maxTotalBytes),
      maxFileBytes: maxFileBytes === null ? null : BigInt(maxFileBytes),
      allowedTypes: types.types,
      filesLeft: opts.maxFiles,
      bytesLeft: BigInt(maxTotalBytes),
    },
    select: { id: true },
  });
  await audit({ kind: "request.created", userId: opts.ownerId, detail: `${opts.label} (${request.id})`, peer: opts.label });
  return { requestId: request.id, url: requestUrl(token), path: `/r/${token}` };
}
