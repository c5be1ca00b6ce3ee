// Resumable uploads (tus 1.0, docs/decisions/076): an upload created with its length and written by any number of
// requests, on any node, each continuing where the stored bytes end. Content rests only in sealed segments: a
// request persists the whole segments it brought and answers the offset where they end (rounded down to a segment),
// and the segments of every request are sealed under the blob's one header, their counter going on from the last
// stored one. One request writes at a time: it holds the upload's lock (a lease in the database, renewed while it
// runs), and a second one meanwhile is refused (423). The whole length is reserved against the quota at creation;
// the upload's session (its PendingBlob) keeps the sweep off its bytes until it expires, and then the sweep takes
// its reservation, its bytes and (on S3) its multipart upload and tail. The last segment is sealed when the
// declared length is reached; the file's SHA-256 comes from the request's own hash when one request carried it all,
// and otherwise from one decrypting read of the stored blob.
// An upload may be made for an owner on behalf of a file request (a visitor's, docs/decisions/079): it also draws on
// the request's limits at creation, in the same transaction as the owner's quota; it is reached only through that
// request's routes (`requestId` in every lookup), and its file records the request and the sender's name.
import "server-only";
import { createHash, randomBytes, type Hash } from "node:crypto";
import { Writable, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileTypeFromBuffer } from "file-type";
import { nanoid } from "nanoid";
import { db, lockUserForQuota, type Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { audit } from "@/lib/audit";
import { ciphertextSize, HEADER_SIZE, SEALED_SEGMENT_SIZE, SEGMENT_SIZE, SegmentSealer } from "@/lib/crypto/segmented-stream";
import { newWrappedDataKey, unwrapFileKey } from "@/lib/crypto/key-ring";
import { transferCipher } from "@/lib/crypto/segment-pool";
import { blobStore, storeNamed, type ResumableWriter, type StoreName } from "@/lib/storage";
import { blockedExtensionReason, contentMismatchReason } from "./content-check";
import { toDisplayName } from "./display-name";
import { formatBytes } from "./format-bytes";
import { nameColumns } from "./name-search";
import { openFileRange } from "./open-file-range";
import { abandonPendingBlobs, beginResumableSession, uploadLeaseRenewalMs } from "./upload-sessions";
import { takeUploadSlot } from "./upload-slots";
import { processSingleton } from "@/lib/process-state";
import { giveBackRequestShare, reserveRequestShare } from "./request-reservations";

const SNIFF_BYTES = 64 * 1024;
/** Bytes a client must send within TRANSFER_IDLE_SECONDS for the request to count as moving. */
const MIN_PROGRESS_BYTES = 16 * 1024;
const ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;
/** What a request holding the lock writes into the row besides the lock: only while it still holds it. */
const COMMITTED = "committed";

export type ResumableStatus = {
  id: string;
  offset: number;
  length: number;
  expiresAt: Date;
  /** The File the upload became, once complete. */
  fileId: string | null;
};

const statusSelect = {
  id: true,
  userId: true,
  storageKey: true,
  store: true,
  name: true,
  length: true,
  offset: true,
  storedBytes: true,
  writeState: true,
  header: true,
  wrappedKey: true,
  masterKeyId: true,
  mimeType: true,
  fileId: true,
  expiresAt: true,
  requestId: true,
  senderName: true,
} satisfies Prisma.ResumableUploadSelect;
type Row = Prisma.ResumableUploadGetPayload<{ select: typeof statusSelect }>;

const statusOf = (row: Row): ResumableStatus => ({
  id: row.id,
  offset: row.fileId ? Number(row.length) : Number(row.offset),
  length: Number(row.length),
  expiresAt: row.expiresAt,
  fileId: row.fileId,
});

const expiryFrom = (now: number) => new Date(now + env().UPLOAD_EXPIRY_HOURS * 3600_000);
const lockMs = () => env().UPLOAD_LEASE_SECONDS * 1000;

/** The plaintext whole segments of `stored` bytes of a blob hold (the header leads the first). */
function plaintextOf(stored: number): number {
  if (stored === 0) return 0;
  const segments = (stored - HEADER_SIZE) / SEALED_SEGMENT_SIZE;
  if (!Number.isInteger(segments) || segments < 0) throw new Error(`stored bytes ${stored} do not end on a segment`);
  return segments * SEGMENT_SIZE;
}

/**
 * Which uploads a route reaches: the owner's own (`requestId` null, /api/uploads), or those made through one file
 * request (its visitors'). `slotKey` names whose upload slots a request takes: the user's, or the visitor's address.
 */
export type UploadScope = { userId: string; requestId?: string | null; slotKey?: string };

/** A visitor's upload through a file request: the request, and the name its sender gave (or null). */
export type OnBehalfOf = { requestId: string; senderName: string | null };

/**
 * A new upload of `length` bytes named `name` (from Upload-Metadata). Refused at once when the name is blocked, the
 * length is over MAX_FILE_SIZE, the owner holds the most files allowed, or the length does not fit the quota (all of
 * it is reserved now), or, for a request's visitor, the request's limits.
 */
export async function createResumableUpload(opts: {
  userId: string;
  length: number;
  name: string;
  onBehalfOf?: OnBehalfOf;
  slotKey?: string;
}): Promise<ResumableStatus> {
  const { MAX_FILE_SIZE, USER_QUOTA, MAX_FILES_PER_USER, BLOCKED_EXTENSIONS } = env();
  if (!Number.isSafeInteger(opts.length) || opts.length < 0)
    throw new AppError("invalid", "Upload-Length must be a whole number of bytes.");
  if (opts.length > MAX_FILE_SIZE) throw new AppError("too_large", `The file is larger than the ${formatBytes(MAX_FILE_SIZE)} limit.`);
  const name = toDisplayName(opts.name);
  const blocked = blockedExtensionReason(name, BLOCKED_EXTENSIONS);
  if (blocked) throw new AppError("unsupported_type", blocked);
  const [user, fileCount] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { storageUsed: true } }),
    db.file.count({ where: { ownerId: opts.userId } }),
  ]);
  const visitor = opts.onBehalfOf ?? null;
  if (fileCount >= MAX_FILES_PER_USER) throw tooManyFiles(MAX_FILES_PER_USER, visitor !== null);
  const remaining = Math.max(0, USER_QUOTA - Number(user.storageUsed));
  const storageKey = nanoid(32);
  const id = randomBytes(24).toString("base64url");
  const { dataKey, wrappedKey, masterKeyId } = newWrappedDataKey();
  const header = new SegmentSealer(dataKey).header.toString("hex");
  dataKey.fill(0);
  const store = blobStore().name;
  const expiresAt = expiryFrom(Date.now());
  const row = await beginResumableSession({
    storageKey,
    userId: opts.userId,
    store,
    bytes: opts.length,
    expiresAt,
    // A visitor is told the file does not fit, not how much room the owner has.
    quotaMessage: visitor
      ? "There is not enough room left in the storage of the person who asked for files. Ask them to make room."
      : `The upload does not fit in your ${formatBytes(USER_QUOTA)} quota (${formatBytes(remaining)} left).`,
    create: async (tx) => {
      if (visitor) await reserveRequestShare(tx, { requestId: visitor.requestId, bytes: opts.length, now: new Date() });
      return tx.resumableUpload.create({
        data: {
          id,
          userId: opts.userId,
          storageKey,
          store,
          name,
          length: BigInt(opts.length),
          header,
          wrappedKey,
          masterKeyId,
          expiresAt,
          ...(visitor ? { requestId: visitor.requestId, senderName: visitor.senderName, requestReserved: true } : {}),
        },
        select: statusSelect,
      });
    },
  });
  logger.info(
    { userId: opts.userId, bytes: opts.length, ...(visitor ? { requestId: visitor.requestId } : {}) },
    "resumable upload created",
  );
  // An empty file is complete as soon as it exists.
  if (opts.length === 0)
    return writeResumableUpload({
      userId: opts.userId,
      requestId: visitor?.requestId ?? null,
      slotKey: opts.slotKey,
      id,
      offset: 0,
      body: null,
      clientGone: new AbortController().signal,
    });
  return statusOf(row);
}

/** The upload `id` in this scope (HEAD): null when there is none, it is another user's or request's, or it expired. */
export async function findResumableUpload(opts: UploadScope & { id: string }): Promise<ResumableStatus | null> {
  const row = await findRow(opts);
  return row ? statusOf(row) : null;
}

async function findRow(opts: UploadScope & { id: string }): Promise<Row | null> {
  if (!ID_PATTERN.test(opts.id)) return null;
  const row = await db.resumableUpload.findFirst({
    where: { id: opts.id, userId: opts.userId, requestId: opts.requestId ?? null },
    select: statusSelect,
  });
  if (!row || row.expiresAt.getTime() <= Date.now()) return null;
  // Swept (its session expired): nothing of it is left to resume.
  if (!row.fileId && !row.storageKey) return null;
  return row;
}

const missing = () => notFound("There is no such upload (it may have expired).");

/**
 * One PATCH: `body` continues the upload at `offset`, which must be where the stored bytes end. Answers the new
 * status: its offset is where the persisted segments end (the client sends the rest again from there). However the
 * request ends (finished, cut off, too long, idle), what arrived in whole segments is kept.
 */
export async function writeResumableUpload(
  opts: UploadScope & {
    id: string;
    offset: number;
    body: Readable | null;
    declaredLength?: number | null;
    clientGone: AbortSignal;
  },
): Promise<ResumableStatus> {
  const row = await findRow(opts);
  if (!row) throw missing();
  const length = Number(row.length);
  const current = statusOf(row);
  if (opts.offset !== current.offset) {
    throw new AppError(
      "conflict",
      `Upload-Offset ${opts.offset} is not where the upload stands (${current.offset}): ask with HEAD and go on from there.`,
    );
  }
  if (row.fileId) return current;
  if (opts.declaredLength != null && opts.offset + opts.declaredLength > length) {
    throw new AppError("too_large", `The request carries more than the upload's ${length} bytes.`);
  }
  const releaseSlot = takeUploadSlot(opts.slotKey ?? opts.userId);
  try {
    const lock = await takeLock(row);
    try {
      if (row.writeState === COMMITTED) return await finish(row, lock, null);
      return await receive(row, lock, opts);
    } finally {
      await lock.release();
    }
  } finally {
    releaseSlot();
  }
}

type Lock = { token: string; lost: () => boolean; release: () => Promise<void>; renew: () => Promise<void> };

/**
 * The upload's lock, in one conditional update: free (or its lease ran out, its request's node having died) and
 * still at the offset this request continues from. The upload's expiry and its session's lease move on with it.
 */
async function takeLock(row: Row): Promise<Lock> {
  const token = randomBytes(16).toString("hex");
  const now = Date.now();
  const expiresAt = expiryFrom(now);
  const taken = await db.$transaction(async (tx) => {
    const changed = await tx.resumableUpload.updateMany({
      where: {
        id: row.id,
        offset: row.offset,
        fileId: null,
        storageKey: { not: null },
        OR: [{ lockedUntil: null }, { lockedUntil: { lt: new Date(now) } }],
      },
      data: { lockedBy: token, lockedUntil: new Date(now + lockMs()), expiresAt },
    });
    if (changed.count === 1) await tx.pendingBlob.updateMany({ where: { storageKey: row.storageKey! }, data: { leaseUntil: expiresAt } });
    return changed.count === 1;
  });
  if (!taken) {
    const fresh = await db.resumableUpload.findUnique({ where: { id: row.id }, select: { offset: true, fileId: true } });
    if (!fresh) throw missing();
    if (fresh.offset !== row.offset || fresh.fileId)
      throw new AppError("conflict", "The upload moved on meanwhile: ask with HEAD and go on from there.");
    throw new AppError("locked", "Another request is writing this upload now. Try again once it has ended.", { retryAfterSeconds: 5 });
  }
  row.expiresAt = expiresAt;
  let lost = false;
  return {
    token,
    lost: () => lost,
    renew: async () => {
      const renewed = await db.resumableUpload.updateMany({
        where: { id: row.id, lockedBy: token },
        data: { lockedUntil: new Date(Date.now() + lockMs()) },
      });
      if (renewed.count !== 1) lost = true;
    },
    release: async () => {
      await db.resumableUpload
        .updateMany({ where: { id: row.id, lockedBy: token }, data: { lockedBy: null, lockedUntil: null } })
        .catch((error) => logger.warn({ err: error }, "resumable upload lock not released; it runs out by itself"));
    },
  };
}

/** Records where the write stands, only while this request holds the lock. */
async function record(row: Row, lock: Lock, data: Prisma.ResumableUploadUpdateManyMutationInput): Promise<void> {
  const changed = await db.resumableUpload.updateMany({ where: { id: row.id, lockedBy: lock.token }, data });
  if (changed.count !== 1) throw lockLost();
}

const lockLost = () =>
  new AppError(
    "unavailable",
    "The upload lost its lock on the server (the database was out of reach too long). Ask where it stands and go on.",
  );

async function receive(
  row: Row,
  lock: Lock,
  opts: { offset: number; body: Readable | null; clientGone: AbortSignal },
): Promise<ResumableStatus> {
  const length = Number(row.length);
  const store = storeNamed(row.store as StoreName);
  const maxBytes = ciphertextSize(length);
  const writer = await store.files.resumeWriter(row.storageKey!, {
    maxBytes,
    from: row.writeState ? { state: row.writeState, bytes: Number(row.storedBytes) } : null,
  });
  const dataKey = unwrapFileKey(row);
  const cipher = transferCipher();
  const sealer = new SegmentSealer(dataKey, cipher, { header: Buffer.from(row.header, "hex"), index: opts.offset / SEGMENT_SIZE });
  const sink = new PatchSink({ row, sealer, writer, offset: opts.offset, length, hash: takeHash(row.id, opts.offset) });
  const { TRANSFER_IDLE_SECONDS } = env();

  // While the request runs: the lock is renewed, and where the durable bytes end is recorded, so a node that dies
  // mid-request loses only what came since.
  let ticking = Promise.resolve();
  const tick = setInterval(() => {
    ticking = ticking
      .then(async () => {
        await lock.renew();
        if (lock.lost()) return void opts.body?.destroy(lockLost());
        const at = await writer.checkpointState();
        await record(row, lock, {
          offset: BigInt(plaintextOf(at.bytes)),
          storedBytes: BigInt(at.bytes),
          writeState: at.state,
          mimeType: sink.mimeType,
        });
      })
      .catch((error) => logger.warn({ err: error }, "resumable upload checkpoint failed"));
  }, uploadLeaseRenewalMs());
  tick.unref();
  const idle = watchIdle(opts.body, TRANSFER_IDLE_SECONDS);
  const gone = () => opts.body?.destroy(interrupted());
  if (opts.clientGone.aborted) gone();
  else opts.clientGone.addEventListener("abort", gone, { once: true });

  let failure: unknown = null;
  try {
    if (opts.body) await pipeline(opts.body, sink);
    else await sink.complete();
  } catch (error) {
    // A client that went away mid-request is the ordinary case a resumable upload exists for, not a server error.
    failure = error instanceof AppError || !(opts.clientGone.aborted || isConnectionLoss(error)) ? error : interrupted();
  } finally {
    clearInterval(tick);
    idle.stop();
    opts.clientGone.removeEventListener("abort", gone);
    await ticking;
  }
  try {
    if (failure instanceof AppError && failure.code === "unsupported_type") {
      // The content is not what its name says: no request can finish this upload.
      await writer.abort();
      await discard(row);
      throw failure;
    }
    if (lock.lost()) throw lockLost();
    if (!failure && sink.received === length - opts.offset) {
      await writer.write(await sealer.end());
      await writer.commit();
      await record(row, lock, { writeState: COMMITTED, mimeType: sink.mimeType });
      // This request's sealing is over: its cipher goes before any read-back for the hash, which would otherwise
      // count as a second transfer and send every run to the threads and back (the bench saw +7 CPU s/GiB).
      cipher.release();
      return await finish(row, lock, sink.wholeHash());
    }
    // Cut short (or done with this request): the whole segments go to the store, the rest is dropped.
    const sealed = await sealer.sealWhole();
    if (sealed.length) await writer.write(sealed);
    const at = await writer.suspend();
    const offset = plaintextOf(at.bytes);
    await record(row, lock, { offset: BigInt(offset), storedBytes: BigInt(at.bytes), writeState: at.state, mimeType: sink.mimeType });
    sink.keepHash(offset);
    if (failure) throw failure;
    return { ...statusOf(row), offset };
  } catch (error) {
    // The store or the database failed: the row still names the last durable point, from which the write resumes.
    if (!(error instanceof AppError)) logger.warn({ err: error }, "resumable upload request failed");
    throw error;
  } finally {
    cipher.release();
    dataKey.fill(0);
  }
}

const interrupted = () => new AppError("invalid", "The upload was interrupted.");

/** How Node reports a request body whose connection was lost (reset, closed early). */
function isConnectionLoss(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return ["ECONNRESET", "ECONNABORTED", "EPIPE", "ERR_STREAM_PREMATURE_CLOSE"].includes(code ?? "") || message === "aborted";
}

/**
 * Hashes of uploads under way, by upload, each over the whole segments stored so far: a request that goes on where
 * this node's last one ended continues its hash instead of reading the finished blob back. Only a shortcut: a node
 * without it (another node, a restart, an upload past the cap) reads the blob once at the end, as before.
 */
const HASHES_KEPT = 1000;
const hashes = () =>
  processSingleton(
    "resumable-upload-hashes",
    { kind: "cache", why: "a shortcut for the next request of an upload on this node; without it the blob is read back" },
    () => new Map<string, { offset: number; hash: Hash }>(),
  );

function keepHash(id: string, offset: number, hash: Hash): void {
  const kept = hashes();
  kept.delete(id);
  kept.set(id, { offset, hash });
  // The oldest go first (a Map keeps its insertion order).
  while (kept.size > HASHES_KEPT) kept.delete(kept.keys().next().value!);
}

/** The hash this node kept for the upload, when it ends exactly where the request starts; it is this request's now. */
function takeHash(id: string, offset: number): Hash | null {
  const kept = hashes().get(id);
  hashes().delete(id);
  return kept && kept.offset === offset ? kept.hash : null;
}

/** The last stage of one request: plaintext in (the first 64 KiB checked before any is sealed), sealed runs out. */
class PatchSink extends Writable {
  received = 0;
  mimeType: string | null;
  /** The file's hash over [0, hashedTo): only whole segments, which are what a request keeps; the rest waits in `tail`. */
  private readonly hash: Hash | null;
  private hashedTo: number;
  private tail: Buffer | null = null;
  private head: Buffer[] | null;
  private headBytes = 0;

  constructor(
    private readonly job: { row: Row; sealer: SegmentSealer; writer: ResumableWriter; offset: number; length: number; hash: Hash | null },
  ) {
    super({ highWaterMark: 1024 * 1024 });
    this.mimeType = job.row.mimeType;
    // From the first byte, or from where this node's last request of the upload left its hash (hashes of uploads).
    this.hash = job.offset === 0 ? createHash("sha256") : job.hash;
    this.hashedTo = job.offset;
    this.head = job.offset === 0 ? [] : null;
  }

  /** The file's SHA-256 when its hash covers the whole file (this request, and this node's before it, carried it all). */
  wholeHash(): string | null {
    return this.hash && this.hashedTo === this.job.length ? this.hash.digest("hex") : null;
  }

  /** The request kept the whole segments up to `offset`: its hash is left for the next request on this node. */
  keepHash(offset: number) {
    if (this.hash && this.hashedTo === offset) keepHash(this.job.row.id, offset, this.hash);
  }

  /** Feeds the hash up to the last whole segment received (or the end of the file), keeping the rest for later. */
  private feedHash(chunk: Buffer) {
    if (!this.hash) return;
    const end = this.job.offset + this.received;
    const upTo = end === this.job.length ? end : end - (end % SEGMENT_SIZE);
    if (upTo <= this.hashedTo) {
      this.tail = this.tail ? Buffer.concat([this.tail, chunk]) : Buffer.from(chunk);
      return;
    }
    // The tail is less than a segment past hashedTo, a segment boundary: all of it goes in.
    let need = upTo - this.hashedTo;
    if (this.tail) {
      this.hash.update(this.tail);
      need -= this.tail.length;
      this.tail = null;
    }
    this.hash.update(need === chunk.length ? chunk : chunk.subarray(0, need));
    if (need < chunk.length) this.tail = Buffer.from(chunk.subarray(need));
    this.hashedTo = upTo;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void) {
    this.accept(chunk).then(() => callback(), callback);
  }

  /** An upload of nothing: the end without a body. */
  async complete() {
    if (this.head) await this.sniff();
  }

  override _final(callback: (error?: Error | null) => void) {
    const reachedEnd = this.job.offset + this.received === this.job.length;
    // A head shorter than 64 KiB is checked only when it is the whole file; otherwise it is dropped with the rest.
    (this.head && reachedEnd ? this.sniff() : Promise.resolve()).then(() => callback(), callback);
  }

  private async accept(chunk: Buffer) {
    const { job } = this;
    if (job.offset + this.received + chunk.length > job.length) {
      throw new AppError("too_large", `The request carries more than the upload's ${job.length} bytes.`);
    }
    this.received += chunk.length;
    this.feedHash(chunk);
    if (this.head) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes >= SNIFF_BYTES || job.offset + this.received === job.length) await this.sniff();
      return;
    }
    await this.seal(chunk);
  }

  /** The type from the first bytes, checked against the name before any of them is stored. */
  private async sniff() {
    const first = Buffer.concat(this.head ?? []);
    this.head = null;
    const detected = await fileTypeFromBuffer(first);
    const mismatch = contentMismatchReason(this.job.row.name, detected?.ext);
    if (mismatch) throw new AppError("unsupported_type", mismatch);
    this.mimeType = detected?.mime ?? "application/octet-stream";
    if (first.length) await this.seal(first);
  }

  private async seal(plain: Buffer) {
    const sealed = await this.job.sealer.write(plain);
    if (sealed.length) await this.job.writer.write(sealed);
  }
}

/** A body that moves less than 16 KiB in `seconds` (not counting time it waits for Coffer) is ended with an error. */
function watchIdle(body: Readable | null, seconds: number): { stop: () => void } {
  if (!body) return { stop: () => undefined };
  let movedAt = Date.now();
  let moved = 0;
  const onData = (chunk: Buffer) => {
    moved += chunk.length;
    if (moved >= MIN_PROGRESS_BYTES) {
      moved = 0;
      movedAt = Date.now();
    }
  };
  body.on("data", onData);
  const timer = setInterval(
    () => {
      if (body.isPaused() || body.readableLength > 0) movedAt = Date.now();
      else if (Date.now() - movedAt > seconds * 1000)
        body.destroy(new AppError("invalid", `The upload stalled: too little arrived in ${seconds} seconds.`));
    },
    Math.min(1_000, (seconds * 1000) / 2),
  );
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      body.off("data", onData);
    },
  };
}

/**
 * The blob is whole and committed: its hash (from the request, or one decrypting read), then the File row, the
 * quota settled and the session ended, in one transaction. A failure here leaves the row "committed", and the next
 * request (a PATCH at the end, with no body) finishes it.
 */
async function finish(row: Row, lock: Lock, hash: string | null): Promise<ResumableStatus> {
  const length = Number(row.length);
  const mimeType = (await db.resumableUpload.findUnique({ where: { id: row.id }, select: { mimeType: true } }))?.mimeType;
  if (!hash) logger.info({ userId: row.userId, bytes: length }, "resumable upload hashed from its stored blob");
  const sha256 = hash ?? (await hashStoredBlob(row));
  const { USER_QUOTA, MAX_FILES_PER_USER } = env();
  const file = await db.$transaction(async (tx) => {
    await lockUserForQuota(tx, row.userId);
    // The reservation made at creation covers the length: it goes with the session, as the bytes become used.
    const ended = await tx.pendingBlob.deleteMany({ where: { storageKey: row.storageKey! } });
    if (ended.count !== 1) throw new AppError("unavailable", "The upload expired before it could be finished.");
    const claimed = await tx.user.updateMany({
      where: { id: row.userId, storageUsed: { lte: BigInt(USER_QUOTA - length) } },
      data: { storageUsed: { increment: BigInt(length) } },
    });
    if (claimed.count !== 1) throw new AppError("quota_exceeded", "The upload no longer fits in your quota.");
    if ((await tx.file.count({ where: { ownerId: row.userId } })) + 1 > MAX_FILES_PER_USER)
      throw tooManyFiles(MAX_FILES_PER_USER, row.requestId !== null);
    const created = await tx.file.create({
      data: {
        ownerId: row.userId,
        ...nameColumns(row.name),
        size: BigInt(length),
        mimeType: mimeType ?? "application/octet-stream",
        sha256,
        storageKey: row.storageKey!,
        store: row.store,
        wrappedKey: row.wrappedKey,
        masterKeyId: row.masterKeyId,
        requestId: row.requestId,
        senderName: row.senderName,
      },
      select: { id: true, name: true, request: { select: { label: true } } },
    });
    // The request's share becomes the file's for good: nothing gives it back once the file exists.
    const done = await tx.resumableUpload.updateMany({
      where: { id: row.id, lockedBy: lock.token },
      data: { fileId: created.id, offset: BigInt(length), writeState: null, requestReserved: false },
    });
    if (done.count !== 1) throw lockLost();
    // An arrival through a request is in the file's activity (lib/activity/describe-file-activity.ts), written with the file.
    if (row.requestId) {
      await tx.activity.create({
        data: { fileId: created.id, kind: "request.received", actorName: row.senderName, subject: created.request?.label ?? null },
      });
    }
    return created;
  });
  logger.info(
    { userId: row.userId, bytes: length, resumable: true, ...(row.requestId ? { requestId: row.requestId } : {}) },
    "files uploaded",
  );
  await audit({
    kind: "file.uploaded",
    userId: row.userId,
    // A visitor of a request: nobody signed in did it.
    ...(row.requestId ? { actorId: null, peer: file.request?.label } : {}),
    detail: `${file.name} (${file.id})`,
    fileName: file.name,
  });
  return { ...statusOf(row), offset: length, fileId: file.id };
}

/** The SHA-256 of the stored blob's plaintext, in one decrypting read (each segment authenticated on the way). */
async function hashStoredBlob(row: Row): Promise<string> {
  const { plaintext, first } = await openFileRange(
    {
      id: row.id,
      name: row.name,
      size: row.length,
      mimeType: "",
      sha256: "",
      storageKey: row.storageKey!,
      store: row.store,
      wrappedKey: row.wrappedKey,
      masterKeyId: row.masterKeyId,
    },
    0,
    Math.max(0, Number(row.length) - 1),
  );
  const hash = createHash("sha256");
  if (first) hash.update(first);
  for await (const chunk of plaintext) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * DELETE (termination): an upload under way goes with everything it wrote and its reservation; a finished one's
 * record goes (its file stays). Refused (423) while a request writes it.
 */
export async function terminateResumableUpload(opts: UploadScope & { id: string }): Promise<void> {
  const row = await findRow(opts);
  if (!row) throw missing();
  hashes().delete(row.id);
  if (row.fileId) {
    // A visitor never learns more of a file than that it arrived: the record stays until it expires.
    if (row.requestId) return;
    await db.resumableUpload.deleteMany({ where: { id: row.id, userId: opts.userId } });
    return;
  }
  const lock = await takeLock(row);
  try {
    if (row.writeState && row.writeState !== COMMITTED) {
      const writer = await storeNamed(row.store as StoreName).files.resumeWriter(row.storageKey!, {
        maxBytes: ciphertextSize(Number(row.length)),
        from: { state: row.writeState, bytes: Number(row.storedBytes) },
      });
      await writer.abort();
    }
    await discard(row);
  } finally {
    await lock.release();
  }
}

/**
 * The upload's session goes (its reservation with it, a committed blob removed or recorded for removal), then its row;
 * an upload through a request gives the request's share back first.
 */
async function discard(row: Row): Promise<void> {
  if (row.requestId) await db.$transaction((tx) => giveBackRequestShare(tx, row.id));
  await abandonPendingBlobs([{ storageKey: row.storageKey!, store: row.store as StoreName }]);
  await db.resumableUpload.deleteMany({ where: { id: row.id } });
}

function tooManyFiles(limit: number, visitor: boolean): AppError {
  return new AppError(
    "insufficient_storage",
    visitor
      ? "The person who asked for files holds the most files this server allows, so it takes no more for now."
      : `Your account holds ${limit.toLocaleString("en")} files, the most this server allows. Delete some to upload more.`,
  );
}
