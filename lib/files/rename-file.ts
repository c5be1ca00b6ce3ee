// Renames a file the user manages; the new name follows the upload rules.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { fieldError, notFound } from "@/lib/errors";
import { manageableFileWhere } from "./access";
import { toDisplayName } from "./display-name";
import { nameColumns } from "./name-search";
import { blockedExtensionReason, contentMismatchReason } from "./content-check";

export const FILE_NOT_FOUND = "File not found.";

export async function renameFile(opts: { fileId: string; userId: string; name: string }) {
  const name = toDisplayName(opts.name);
  const blocked = blockedExtensionReason(name, env().BLOCKED_EXTENSIONS);
  if (blocked) throw fieldError("name", blocked, "unsupported_type");
  const file = await db.file.findFirst({ where: { id: opts.fileId, ...manageableFileWhere(opts.userId) }, select: { mimeType: true } });
  if (!file) throw notFound(FILE_NOT_FOUND);
  // A rename must not give content a name it contradicts (for example HTML renamed to .png).
  const mismatch = contentMismatchReason(name, extensionForMime(file.mimeType));
  if (mismatch) throw fieldError("name", mismatch, "unsupported_type");
  const updated = await db.file.updateMany({ where: { id: opts.fileId, ...manageableFileWhere(opts.userId) }, data: nameColumns(name) });
  if (updated.count !== 1) throw notFound(FILE_NOT_FOUND);
  return { name };
}

function extensionForMime(mime: string): string | undefined {
  const known: Record<string, string> = {
    "image/png": "png",
    "image/apng": "apng",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/bmp": "bmp",
    "image/tiff": "tif",
    "image/avif": "avif",
    "image/heic": "heic",
    "image/x-icon": "ico",
    "application/pdf": "pdf",
    "application/zip": "zip",
    "application/gzip": "gz",
    "application/x-7z-compressed": "7z",
    "application/x-rar-compressed": "rar",
    "audio/mpeg": "mp3",
    "video/mp4": "mp4",
    "audio/mp4": "m4a",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "audio/ogg": "ogg",
    "audio/wav": "wav",
    "audio/flac": "flac",
  };
  return known[mime];
}
