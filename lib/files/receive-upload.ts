// Parses a multipart upload as a stream (busboy) and stores each file; then records them all in one
// transaction that turns their pending records into File rows and their reservations into used quota.
// All or nothing for the request, whenever and however it fails.
import "server-only";
import type { Readable } from "node:stream";
import busboy from "busboy";
import { db, lockUserForQuota } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { blobStore } from "@/lib/storage";
import { logger } from "@/lib/logger";
import { audit } from "@/lib/audit";
import { toDisplayName } from "./display-name";
import { nameColumns } from "./name-search";
import { blockedExtensionReason } from "./content-check";
import { formatBytes } from "./format-bytes";
import { storeUpload, type StoredUpload } from "./store-upload";
import { abandonPendingBlobs, assertDiskRoom, endPendingBlobs, releaseCommittedBlobs } from "./upload-sessions";
import { takeUploadSlot } from "./upload-slots";

// Room for multipart boundaries and part headers around the file bytes.
const MULTIPART_OVERHEAD = 64 * 1024;
const MAX_FILES_PER_REQUEST = 20;
/** Bytes a client must send within TRANSFER_IDLE_SECONDS for the upload to count as moving. */
const MIN_PROGRESS_BYTES = 16 * 1024;

export async function receiveUpload(opts: {
  userId: string;
  body: Readable | null;
  contentType: string;
  declaredLength: number | null;
  /** Fires when the client goes away: whatever was written so far is removed. */
  clientGone: AbortSignal;
}) {
  const { MAX_FILE_SIZE, USER_QUOTA, MAX_FILES_PER_USER } = env();
  if (!opts.contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("unsupported_type", "Send the files as multipart/form-data.");
  }
  const releaseSlot = takeUploadSlot(opts.userId);
  const stored: StoredUpload[] = [];
  let files: Awaited<ReturnType<typeof commitUploads>>;
  try {
    const [user, fileCount] = await Promise.all([
      db.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { storageUsed: true } }),
      db.file.count({ where: { ownerId: opts.userId } }),
    ]);
    if (fileCount >= MAX_FILES_PER_USER) throw tooManyFiles(MAX_FILES_PER_USER);
    const remaining = Math.max(0, USER_QUOTA - Number(user.storageUsed));
    const fileLimitMessage = `The file is larger than the ${formatBytes(MAX_FILE_SIZE)} limit.`;
    const quotaMessage = `The upload does not fit in your ${formatBytes(USER_QUOTA)} quota (${formatBytes(remaining)} left).`;

    // A declared length that no allowed request could have is refused before a byte of the body is read.
    // (One request may carry several files, each up to MAX_FILE_SIZE; each is also counted while it streams.)
    const declared = opts.declaredLength;
    if (declared !== null) {
      if (declared > remaining + MULTIPART_OVERHEAD * MAX_FILES_PER_REQUEST) throw new AppError("quota_exceeded", quotaMessage);
      if (declared > (MAX_FILE_SIZE + MULTIPART_OVERHEAD) * MAX_FILES_PER_REQUEST) throw new AppError("too_large", fileLimitMessage);
    }
    await assertDiskRoom(declared ?? 0);
    if (!opts.body) throw new AppError("invalid", "The request has no body.");

    await parseParts({ ...opts, source: opts.body, stored, remaining, fileLimitMessage, quotaMessage });
    if (stored.length === 0) throw new AppError("invalid", "The request contains no file.");
    files = await commitUploads({ userId: opts.userId, stored, quota: USER_QUOTA, quotaMessage, maxFiles: MAX_FILES_PER_USER });
  } catch (error) {
    await abandonPendingBlobs(stored.map((s) => ({ storageKey: s.storageKey, store: s.store })));
    throw error;
  } finally {
    releaseSlot();
  }
  logger.info({ userId: opts.userId, files: files.length, bytes: stored.reduce((sum, s) => sum + s.size, 0) }, "files uploaded");
  for (const file of files)
    await audit({ kind: "file.uploaded", userId: opts.userId, detail: `${file.name} (${file.id})`, fileName: file.name });
  return files;
}

function tooManyFiles(limit: number): AppError {
  return new AppError(
    "insufficient_storage",
    `Your account holds ${limit.toLocaleString("en")} files, the most this server allows. Delete some to upload more.`,
  );
}

function parseParts(opts: {
  userId: string;
  source: Readable;
  declaredLength: number | null;
  contentType: string;
  clientGone: AbortSignal;
  stored: StoredUpload[];
  remaining: number;
  fileLimitMessage: string;
  quotaMessage: string;
}): Promise<void> {
  const { MAX_FILE_SIZE, BLOCKED_EXTENSIONS, TRANSFER_IDLE_SECONDS } = env();
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": opts.contentType },
      // The upload form sends files only: no other form field is read, so none is accepted. (busboy announces
      // partsLimit once the count reaches it, so the limit sits one above the files a request may carry.)
      limits: { files: MAX_FILES_PER_REQUEST, fields: 0, fieldSize: 0, parts: MAX_FILES_PER_REQUEST + 1, headerPairs: 20 },
      defParamCharset: "utf8",
    });
  } catch {
    throw new AppError("invalid", "The multipart body is malformed (no boundary).");
  }
  const { source } = opts;

  return new Promise<void>((resolve, reject) => {
    let failed = false;
    let used = 0;
    let chain = Promise.resolve();
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      clearInterval(watchdog);
      source.unpipe(parser);
      // Not destroyed: the source may be the connection itself, which still has to carry the answer. It is
      // closed after the answer (Connection: close), with whatever the client had not sent yet.
      source.pause();
      parser.removeAllListeners("file");
      // Ends the part being stored (its file stream errors), so its temporary file goes and the chain settles.
      parser.destroy();
      // Once the part in flight has settled (its own failure is this one, or already handled by `fail`).
      const settled = () => reject(error);
      chain.then(settled, settled);
    };
    // A client that disconnects mid-upload neither ends nor errors the body stream: the connection tells.
    const interrupted = () => fail(new AppError("invalid", "The upload was interrupted."));
    if (opts.clientGone.aborted) interrupted();
    else opts.clientGone.addEventListener("abort", interrupted, { once: true });

    // A client that sends nothing, or a trickle, for TRANSFER_IDLE_SECONDS is let go. Time spent waiting for
    // Coffer itself (the stream is paused or holds unread bytes: disk, quota) does not count against it.
    const idleMs = TRANSFER_IDLE_SECONDS * 1000;
    let movedAt = Date.now();
    let moved = 0;
    source.on("data", (chunk: Buffer) => {
      moved += chunk.length;
      if (moved >= MIN_PROGRESS_BYTES) {
        moved = 0;
        movedAt = Date.now();
      }
    });
    const watchdog = setInterval(
      () => {
        if (source.isPaused() || source.readableLength > 0) movedAt = Date.now();
        else if (Date.now() - movedAt > idleMs)
          fail(new AppError("invalid", `The upload stalled: too little arrived in ${TRANSFER_IDLE_SECONDS} seconds.`));
      },
      Math.min(1_000, idleMs / 2),
    );
    watchdog.unref();

    parser.on("file", (_field, stream, info) => {
      // A part waits here while the one before it is stored, with nothing reading it yet. If the request fails
      // meanwhile, the parser ends it with "Unexpected end of file": that is this request's failure, which `fail`
      // answers; without a listener Node would report it as an uncaught exception. Once stored, storeUpload reads
      // the same errors through its own pipeline.
      stream.on("error", () => {});
      if (failed) return stream.resume();
      const name = toDisplayName(info.filename ?? "");
      const blocked = blockedExtensionReason(name, BLOCKED_EXTENSIONS);
      if (blocked) {
        stream.resume();
        return fail(new AppError("unsupported_type", blocked));
      }
      const quotaLeft = opts.remaining - used;
      const maxBytes = Math.min(MAX_FILE_SIZE, quotaLeft);
      const overQuota = quotaLeft < MAX_FILE_SIZE;
      const tooLarge = overQuota
        ? { code: "quota_exceeded" as const, message: opts.quotaMessage }
        : { code: "too_large" as const, message: opts.fileLimitMessage };
      // Parts arrive one after another; storing them in order keeps one file in flight.
      chain = chain.then(async () => {
        if (failed) return void stream.resume();
        const declaredLeft = opts.declaredLength === null ? null : Math.max(0, opts.declaredLength - used);
        const upload = await storeUpload({
          source: stream,
          userId: opts.userId,
          name,
          maxBytes,
          tooLarge,
          quotaMessage: opts.quotaMessage,
          declaredLeft,
          store: blobStore(),
        });
        used += upload.size;
        opts.stored.push(upload);
      });
      chain.catch(fail);
    });
    parser.on("fieldsLimit", () => fail(new AppError("invalid", "Send files only: the upload takes no other form fields.")));
    parser.on("partsLimit", () => fail(new AppError("too_large", `Send at most ${MAX_FILES_PER_REQUEST} files at once.`)));
    parser.on("filesLimit", () => fail(new AppError("too_large", `Send at most ${MAX_FILES_PER_REQUEST} files at once.`)));
    parser.on("error", (error: Error) => fail(new AppError("invalid", `The multipart body is malformed: ${error.message}.`)));
    parser.on("close", () => {
      if (failed) return;
      clearInterval(watchdog);
      chain.then(resolve, fail);
    });
    source.on("error", () => fail(new AppError("invalid", "The upload was interrupted.")));
    source.pipe(parser);
  });
}

/** The File rows, the used quota and the end of the pending records, in one transaction. */
async function commitUploads(opts: { userId: string; stored: StoredUpload[]; quota: number; quotaMessage: string; maxFiles: number }) {
  const total = opts.stored.reduce((sum, s) => sum + s.size, 0);
  const keys = opts.stored.map((s) => s.storageKey);
  const files = await db.$transaction(async (tx) => {
    // The owner's row lock orders this commit with every reservation and commit of theirs (the file count below
    // then sees the others' rows); one conditional update settles the quota.
    await lockUserForQuota(tx, opts.userId);
    const claimed = await tx.user.updateMany({
      where: { id: opts.userId, storageUsed: { lte: BigInt(opts.quota - total) } },
      data: { storageUsed: { increment: BigInt(total) } },
    });
    if (claimed.count !== 1) throw new AppError("quota_exceeded", opts.quotaMessage);
    if ((await tx.file.count({ where: { ownerId: opts.userId } })) + opts.stored.length > opts.maxFiles) throw tooManyFiles(opts.maxFiles);
    // The sessions go with the reservations they carry, in the same transaction as the rows.
    await endPendingBlobs(tx, keys);
    const files = [];
    for (const s of opts.stored) {
      const file = await tx.file.create({
        data: { ...s, ...nameColumns(s.name), size: BigInt(s.size), ownerId: opts.userId },
        select: { id: true, name: true, size: true, mimeType: true, sha256: true, createdAt: true },
      });
      files.push({ ...file, size: Number(file.size) });
    }
    return files;
  });
  releaseCommittedBlobs(keys);
  return files;
}
