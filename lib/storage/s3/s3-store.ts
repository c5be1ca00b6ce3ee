// Blobs in an S3-compatible bucket: <prefix>files/<name> and <prefix>previews/<name>. A write buffers one part at
// a time and streams into a multipart upload (a single PutObject when it stays under one part); reads are ranged
// GETs streamed as they arrive. Nothing here hands out a presigned URL: the bucket only ever sees ciphertext, and
// every byte a browser gets went through Coffer's checks (docs/decisions/037).
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
  type CompletedPart,
} from "@aws-sdk/client-s3";
import {
  assertBlobName,
  type BlobNamespace,
  type BlobSpace,
  type BlobStore,
  type ResumableWriter,
  type SuspendedWrite,
} from "../blob-store";
import { PartCutter, partThreshold, S3_MAX_PARTS, S3_MIN_PART_BYTES } from "./part-plan";
import { checkBucket } from "./check-bucket";
import { createS3Client, type S3Config } from "./s3-client";

/** Parts of one write sent at once while the next one gathers: memory per upload is about (1 + this) parts. */
const PARTS_IN_FLIGHT = 2;

const errorName = (error: unknown) => (error as { name?: string }).name ?? "";
const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const isNotFound = (error: unknown) => ["NoSuchKey", "NotFound"].includes(errorName(error)) || statusOf(error) === 404;

/** A resumable write's state as openWriter wrote it (the database keeps it; it is checked all the same). */
function parseState(name: string, from: SuspendedWrite): { uploadId: string | null; parts: [number, string, number][]; tailBytes: number } {
  const parsed = JSON.parse(from.state) as { n: unknown; u: unknown; p: unknown; t: unknown };
  const parts = parsed.p;
  const valid =
    parsed.n === name &&
    (parsed.u === null || typeof parsed.u === "string") &&
    Array.isArray(parts) &&
    parts.every(
      (part, i) =>
        Array.isArray(part) && part[0] === i + 1 && typeof part[1] === "string" && Number.isSafeInteger(part[2]) && part[2] > 0,
    ) &&
    Number.isSafeInteger(parsed.t) &&
    (parsed.t as number) >= 0;
  if (!valid) throw new Error("invalid resumable write state");
  return { uploadId: parsed.u as string | null, parts: parts as [number, string, number][], tailBytes: parsed.t as number };
}

function s3Space(client: S3Client, config: S3Config, namespace: BlobNamespace): BlobSpace {
  const Bucket = config.bucket;
  const base = `${config.prefix}${namespace}/`;
  const keyOf = (name: string) => {
    assertBlobName(name);
    return base + name;
  };
  const nameOf = (key: string) => {
    const name = key.slice(base.length);
    return /^[A-Za-z0-9_-]{1,100}$/.test(name) ? name : null;
  };

  // A resumable write's bytes past its last part (fewer than a part's threshold) wait between requests in a tail
  // object of their own, outside the namespace's listing: <prefix><namespace>-tails/<name>.<start>-<bytes>, named by
  // where they sit in the blob, so a new tail never overwrites the one the database still names.
  const tailsBase = `${config.prefix}${namespace}-tails/`;
  const tailKey = (name: string, start: number, bytes: number) => `${tailsBase}${name}.${start}-${bytes}`;
  const removeTails = async (name: string) => {
    const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: `${tailsBase}${name}.` }));
    await Promise.all((page.Contents ?? []).map((object) => client.send(new DeleteObjectCommand({ Bucket, Key: object.Key }))));
  };

  /**
   * Buffers one part at a time into a multipart upload (a single PutObject when it stays under one part). Resumable:
   * its state lists the upload's id, its parts (number, ETag, size) and the bytes of its tail object.
   */
  async function openWriter(name: string, opts: { maxBytes: number; from: SuspendedWrite | null }): Promise<ResumableWriter> {
    const Key = keyOf(name);
    const threshold = partThreshold(opts.maxBytes);
    const cutter = new PartCutter<Buffer>(threshold);
    const resumed = opts.from ? parseState(name, opts.from) : null;
    let uploadId: Promise<string> | null = resumed?.uploadId ? Promise.resolve(resumed.uploadId) : null;
    const parts: CompletedPart[] = resumed ? resumed.parts.map(([PartNumber, ETag]) => ({ PartNumber, ETag })) : [];
    const partSizes: number[] = resumed ? resumed.parts.map(([, , size]) => size) : [];
    const resumedParts = parts.length;
    const partBytes = () => partSizes.reduce((sum, size) => sum + size, 0);
    // The resumed tail is read back once, before the first bytes that follow it.
    let tail: Promise<void> | null = null;
    const takeTail = () =>
      (tail ??= (async () => {
        if (!resumed?.tailBytes) return;
        const out = await client.send(new GetObjectCommand({ Bucket, Key: tailKey(name, partBytes(), resumed.tailBytes) }));
        const bytes = Buffer.from(await out.Body!.transformToByteArray());
        if (bytes.length !== resumed.tailBytes) throw new Error("the resumable write's tail object is not the size its state says");
        cutter.add([bytes]);
      })());
    const inFlight = new Set<Promise<void>>();
    let failure: Error | null = null;
    let state: "writing" | "committed" | "aborted" | "suspended" = "writing";

    const settle = async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    };
    const sendPart = async (body: Buffer) => {
      uploadId ??= client.send(new CreateMultipartUploadCommand({ Bucket, Key })).then((out) => out.UploadId!);
      const UploadId = await uploadId;
      const PartNumber = partSizes.length + 1;
      if (PartNumber > S3_MAX_PARTS) throw new Error(`the blob needs more than ${S3_MAX_PARTS} parts`);
      partSizes.push(body.length);
      const sent = client
        .send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: body, ContentLength: body.length }))
        .then((out) => {
          parts[PartNumber - 1] = { PartNumber, ETag: out.ETag };
        })
        .catch((error: Error) => {
          failure ??= error;
        });
      const tracked = sent.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      // Backpressure: the upload waits while PARTS_IN_FLIGHT parts are on their way.
      while (inFlight.size >= PARTS_IN_FLIGHT) await Promise.race(inFlight);
      if (failure) throw failure;
    };
    const stateOf = async (tailBytes: number): Promise<SuspendedWrite> => {
      const id = uploadId ? await uploadId : null;
      const listed = parts.map((part, i) => [part.PartNumber!, part.ETag!, partSizes[i]] as const);
      return { state: JSON.stringify({ n: name, u: id, p: listed, t: tailBytes }), bytes: partBytes() + tailBytes };
    };
    const assertWriting = () => {
      if (failure) throw failure;
      if (state !== "writing") throw new Error(`write after ${state}`);
    };

    return {
      async write(buffers) {
        assertWriting();
        await takeTail();
        const part = cutter.add(buffers);
        if (part) await sendPart(Buffer.concat(part));
      },
      async checkpoint() {
        await settle();
        // The durable bytes are the parts stored without a gap before them.
        let durable = 0;
        for (let i = 0; i < partSizes.length && parts[i]; i++) durable += partSizes[i];
        return durable;
      },
      async checkpointState() {
        // The parts stored without a gap, once they reach past where the write resumed; until then, that point.
        let stored = 0;
        while (stored < partSizes.length && parts[stored]) stored++;
        if (stored <= resumedParts && opts.from) return opts.from;
        const id = uploadId ? await uploadId : null;
        const listed = parts.slice(0, stored).map((part, i) => [part.PartNumber!, part.ETag!, partSizes[i]] as const);
        const bytes = partSizes.slice(0, stored).reduce((sum, size) => sum + size, 0);
        return { state: JSON.stringify({ n: name, u: id, p: listed, t: 0 }), bytes };
      },
      async suspend() {
        assertWriting();
        await takeTail();
        await settle();
        if (failure) throw failure;
        // What is gathered is a part when it reaches the threshold (so parts stay within 10,000), a tail otherwise.
        const rest = Buffer.concat(cutter.take());
        if (rest.length >= threshold) await sendPart(rest);
        await settle();
        if (failure) throw failure;
        const tailBytes = rest.length >= threshold ? 0 : rest.length;
        if (tailBytes > 0) {
          await client.send(new PutObjectCommand({ Bucket, Key: tailKey(name, partBytes(), tailBytes), Body: rest, ContentLength: tailBytes }));
        }
        state = "suspended";
        return stateOf(tailBytes);
      },
      async commit() {
        assertWriting();
        await takeTail();
        const rest = Buffer.concat(cutter.take());
        if (!uploadId) {
          // Under one part: a single request, no multipart upload to clean up if anything fails.
          await client.send(new PutObjectCommand({ Bucket, Key, Body: rest, ContentLength: rest.length }));
        } else {
          if (rest.length > 0) await sendPart(rest);
          await settle();
          if (failure) throw failure;
          await client.send(
            new CompleteMultipartUploadCommand({ Bucket, Key, UploadId: await uploadId, MultipartUpload: { Parts: parts } }),
          );
        }
        state = "committed";
        if (opts.from) await removeTails(name);
      },
      async abort() {
        const was = state;
        if (was === "aborted") return;
        state = "aborted";
        await settle();
        if (was === "committed") {
          await client.send(new DeleteObjectCommand({ Bucket, Key }));
          return;
        }
        if (opts.from || was === "suspended") await removeTails(name);
        const id = await uploadId?.catch(() => null);
        if (!id) return;
        try {
          await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId: id }));
        } catch (error) {
          if (errorName(error) !== "NoSuchUpload") throw error;
        }
      },
    };
  }

  return {
    createWriter: (name, opts) => openWriter(name, { ...opts, from: null }),
    resumeWriter: (name, opts) => openWriter(name, opts),

    async read(name, { start, end }) {
      const Key = keyOf(name);
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key, Range: `bytes=${start}-${Math.max(start, end)}` }));
        // "bytes 0-11/5243136": the whole object's size comes with the bytes, without a HEAD first.
        const size = Number(/\/(\d+)$/.exec(out.ContentRange ?? "")?.[1] ?? out.ContentLength);
        return { body: out.Body as Readable, size };
      } catch (error) {
        if (isNotFound(error)) return null;
        // A range that starts past the end: the blob is shorter than asked; say how long it is.
        if (errorName(error) === "InvalidRange" || statusOf(error) === 416) {
          const size = await this.size(name);
          return size === null ? null : { body: Readable.from([]), size };
        }
        throw error;
      }
    },

    async size(name) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(name) }));
        return Number(out.ContentLength);
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async remove(name) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(name) }));
    },

    async saveCopy(name, file) {
      const opened = await this.read(name, { start: 0, end: Number.MAX_SAFE_INTEGER - 1 });
      if (!opened) return null;
      await pipeline(opened.body, fs.createWriteStream(file, { flags: "wx", mode: 0o600 }));
      return (await fs.promises.stat(file)).size;
    },

    async *list() {
      for (let ContinuationToken: string | undefined; ; ) {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: base, ContinuationToken }));
        for (const object of page.Contents ?? []) {
          const name = nameOf(object.Key ?? "");
          if (name) yield { name, size: Number(object.Size ?? 0), modifiedAt: object.LastModified ?? new Date(0) };
        }
        if (!page.IsTruncated || !page.NextContinuationToken) return;
        ContinuationToken = page.NextContinuationToken;
      }
    },

    async *listIncompleteWrites(olderThan) {
      for (let KeyMarker: string | undefined, UploadIdMarker: string | undefined; ; ) {
        const page = await client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: base, KeyMarker, UploadIdMarker }));
        for (const upload of page.Uploads ?? []) {
          const since = upload.Initiated ?? new Date(0);
          if (since >= olderThan || !upload.Key || !upload.UploadId) continue;
          yield { name: nameOf(upload.Key), since, handle: JSON.stringify([upload.Key, upload.UploadId]) };
        }
        if (!page.IsTruncated) break;
        KeyMarker = page.NextKeyMarker;
        UploadIdMarker = page.NextUploadIdMarker;
      }
      // A resumable write's tail objects (its multipart upload, if it has one, is listed above).
      for (let ContinuationToken: string | undefined; ; ) {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: tailsBase, ContinuationToken }));
        for (const object of page.Contents ?? []) {
          const since = object.LastModified ?? new Date(0);
          if (since >= olderThan || !object.Key) continue;
          const name = /^([A-Za-z0-9_-]{1,100})\.\d+-\d+$/.exec(object.Key.slice(tailsBase.length))?.[1] ?? null;
          yield { name, since, handle: JSON.stringify([object.Key]) };
        }
        if (!page.IsTruncated || !page.NextContinuationToken) return;
        ContinuationToken = page.NextContinuationToken;
      }
    },

    async removeIncompleteWrite(write) {
      const [Key, UploadId] = JSON.parse(write.handle) as [string, string | undefined];
      if (UploadId === undefined) {
        if (!Key.startsWith(tailsBase)) throw new Error("tail object outside this namespace");
        await client.send(new DeleteObjectCommand({ Bucket, Key }));
        return;
      }
      if (!Key.startsWith(base)) throw new Error("incomplete write outside this namespace");
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
      } catch (error) {
        if (errorName(error) !== "NoSuchUpload") throw error;
      }
    },
  };
}

export function createS3Store(config: S3Config): BlobStore {
  const client = createS3Client(config);
  // The health check's own client: one attempt, short timeouts, and sockets of its own, so that it neither waits
  // behind 50 downloads holding the main client's connections nor retries past its deadline.
  const pingClient = createS3Client({ ...config, idleTimeoutMs: 5_000 }, { maxAttempts: 1, connectionTimeoutMs: 2_000 });
  const where = `s3://${config.bucket}/${config.prefix}`;
  return {
    name: "s3",
    location: config.endpoint ? `${where} at ${config.endpoint}` : where,
    capabilities: { freeSpace: false, minPartBytes: S3_MIN_PART_BYTES, maxParts: S3_MAX_PARTS, readsOwnChunks: false },
    files: s3Space(client, config, "files"),
    previews: s3Space(client, config, "previews"),
    freeBytes: async () => null,
    check: () => checkBucket(client, config),
    ping: async (signal) => {
      await pingClient.send(new HeadBucketCommand({ Bucket: config.bucket }), { abortSignal: signal });
    },
  };
}
