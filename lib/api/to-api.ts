// The domain's rows as /api/v1 answers them (schemas.ts): sizes as numbers, times as ISO strings.
import type { ApiFile, ApiLink, ApiShare } from "./schemas";

export function toApiFile(file: {
  id: string;
  name: string;
  size: number | bigint;
  mimeType: string;
  sha256: string;
  createdAt: Date;
}): ApiFile {
  return {
    id: file.id,
    name: file.name,
    size: Number(file.size),
    mimeType: file.mimeType,
    sha256: file.sha256,
    createdAt: file.createdAt.toISOString(),
  };
}

export function toApiLink(link: {
  id: string;
  fileId: string;
  label: string | null;
  status: ApiLink["status"];
  createdAt: Date;
  expiresAt: Date | null;
  maxDownloads: number | null;
  downloadCount: number;
  hasPassword: boolean;
}): ApiLink {
  return {
    id: link.id,
    fileId: link.fileId,
    label: link.label,
    status: link.status,
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt?.toISOString() ?? null,
    maxDownloads: link.maxDownloads,
    downloadCount: link.downloadCount,
    hasPassword: link.hasPassword,
  };
}

export function toApiShare(share: { id: string; fileId: string; username: string; createdAt: Date }): ApiShare {
  return { id: share.id, fileId: share.fileId, username: share.username, createdAt: share.createdAt.toISOString() };
}
