// Parses a multipart upload as a stream (busboy) and stores each file; then records them all in one
// transaction that also claims their bytes from the owner's quota. All or nothing for the request.
import "server-only";
import type { Readable } from "node:stream";
import busboy from "busboy";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { blobStore } from "@/lib/storage";
import { logger } from "@/lib/logger";
import { audit } from "@/lib/audit";
import { toDisplayName } from "./display-name";
import { blockedExtensionReason } from "./content-check";
import { formatBytes } from "./format-bytes";
import { storeUpload, type StoredUpload } from "./store-upload";
import { AppError } from "@/lib/errors";

// Room for multipart boundaries and part headers around the file bytes.
const MULTIPART_OVERHEAD = 64 * 1024;
const MAX_FILES_PER_REQUEST = 20;

export async function receiveUpload(opts: {
  userId: string;
  body: Readable | null;
  contentType: string;
  declaredLength: number | null;
  /** Fires when the client goes away: whatever was written so far is removed. */
  clientGone: AbortSignal;
}) {
  const { MAX_FILE_SIZE, USER_QUOTA } = env();
  if (!opts.contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("unsupported_type", "Send the files as multipart/form-data.");
  }
  const user = await db.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { storageUsed: true } });
  const remaining = Math.max(0, USER_QUOTA - Number(user.storageUsed));
  const fileLimitMessage = `The file is larger than the ${formatBytes(MAX_FILE_SIZE)} limit.`;
  const quotaMessage = `The upload does not fit in your ${formatBytes(USER_QUOTA)} quota (${formatBytes(remaining)} left).`;

  // A declared length that no allowed request could have is refused before a byte of the body is read.
  // (One request may carry several files, each up to MAX_FILE_SIZE; each is also counted while it streams.)
  const declared = opts.declaredLength;
  if (declared !== null) {
    if (declared > remaining + MULTIPART_OVERHEAD * MAX_FILES_PER_REQUEST) throw new AppError("too_large", quotaMessage);
    if (declared > (MAX_FILE_SIZE + MULTIPART_OVERHEAD) * MAX_FILES_PER_REQUEST) throw new AppError("too_large", fileLimitMessage);
  }
  if (!opts.body) throw new AppError("invalid", "The request has no body.");

  const store = blobStore();
  const stored: StoredUpload[] = [];
  try {
    await parseParts({
      source: opts.body,
      contentType: opts.contentType,
      clientGone: opts.clientGone,
      stored,
      remaining,
      fileLimitMessage,
      quotaMessage,
    });
    if (stored.length === 0) throw new AppError("invalid", "The request contains no file.");
    return await recordUploads({ userId: opts.userId, stored, quota: USER_QUOTA, quotaMessage });
  } catch (error) {
    await Promise.all(stored.map((s) => store.remove(s.storageKey).catch(() => undefined)));
    throw error;
  }
}

function parseParts(opts: {
  source: Readable;
  contentType: string;
  clientGone: AbortSignal;
  stored: StoredUpload[];
  remaining: number;
  fileLimitMessage: string;
  quotaMessage: string;
}): Promise<void> {
  const { MAX_FILE_SIZE, BLOCKED_EXTENSIONS } = env();
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": opts.contentType },
      limits: { files: MAX_FILES_PER_REQUEST, fields: 20, parts: MAX_FILES_PER_REQUEST + 20, headerPairs: 20 },
      defParamCharset: "utf8",
    });
  } catch {
    throw new AppError("invalid", "The multipart body is malformed (no boundary).");
  }
  const source = opts.source;

  return new Promise<void>((resolve, reject) => {
    let failed = false;
    let used = 0;
    let chain = Promise.resolve();
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      source.unpipe(parser);
      source.destroy();
      parser.removeAllListeners("file");
      // Ends the part being stored (its file stream errors), so its temporary file goes and the chain settles.
      parser.destroy();
      chain.finally(() => reject(error));
    };
    // A client that disconnects mid-upload neither ends nor errors the body stream: only the signal tells.
    const interrupted = () => fail(new AppError("invalid", "The upload was interrupted."));
    if (opts.clientGone.aborted) interrupted();
    else opts.clientGone.addEventListener("abort", interrupted, { once: true });

    parser.on("file", (_field, stream, info) => {
      if (failed) return stream.resume();
      const name = toDisplayName(info.filename ?? "");
      const blocked = blockedExtensionReason(name, BLOCKED_EXTENSIONS);
      if (blocked) {
        stream.resume();
        return fail(new AppError("unsupported_type", blocked));
      }
      const quotaLeft = opts.remaining - used;
      const maxBytes = Math.min(MAX_FILE_SIZE, quotaLeft);
      const tooLargeMessage = quotaLeft < MAX_FILE_SIZE ? opts.quotaMessage : opts.fileLimitMessage;
      // Parts arrive one after another; storing them in order keeps one file in flight.
      chain = chain.then(async () => {
        if (failed) return void stream.resume();
        const upload = await storeUpload({ source: stream, name, maxBytes, tooLargeMessage, store: blobStore() });
        used += upload.size;
        opts.stored.push(upload);
      });
      chain.catch(fail);
    });
    parser.on("filesLimit", () => fail(new AppError("too_large", `Send at most ${MAX_FILES_PER_REQUEST} files at once.`)));
    parser.on("error", (error: Error) => fail(new AppError("invalid", `The multipart body is malformed: ${error.message}.`)));
    parser.on("close", () => {
      if (!failed) chain.then(resolve, fail);
    });
    source.on("error", () => fail(new AppError("invalid", "The upload was interrupted.")));
    source.pipe(parser);
  });
}

async function recordUploads(opts: { userId: string; stored: StoredUpload[]; quota: number; quotaMessage: string }) {
  const total = opts.stored.reduce((sum, s) => sum + s.size, 0);
  const files = await db.$transaction(async (tx) => {
    // One conditional update decides the quota, so concurrent uploads cannot overshoot it.
    const claimed = await tx.user.updateMany({
      where: { id: opts.userId, storageUsed: { lte: BigInt(opts.quota - total) } },
      data: { storageUsed: { increment: BigInt(total) } },
    });
    if (claimed.count !== 1) throw new AppError("too_large", opts.quotaMessage);
    const files = [];
    for (const s of opts.stored) {
      const file = await tx.file.create({
        data: { ...s, size: BigInt(s.size), ownerId: opts.userId },
        select: { id: true, name: true, size: true, mimeType: true, sha256: true, createdAt: true },
      });
      files.push({ ...file, size: Number(file.size) });
    }
    logger.info({ userId: opts.userId, files: files.length, bytes: total }, "files uploaded");
    return files;
  });
  for (const file of files) await audit({ kind: "file.uploaded", userId: opts.userId, detail: `${file.name} (${file.id})` });
  return files;
}
