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
import { assertBlobName, type BlobNamespace, type BlobSpace, type BlobStore, type BlobWriter } from "../blob-store";
import { PartCutter, partThreshold, S3_MAX_PARTS, S3_MIN_PART_BYTES } from "./part-plan";
import { checkBucket } from "./check-bucket";
import { createS3Client, type S3Config } from "./s3-client";

/** Parts of one write sent at once while the next one gathers: memory per upload is about (1 + this) parts. */
const PARTS_IN_FLIGHT = 2;

const errorName = (error: unknown) => (error as { name?: string }).name ?? "";
const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const isNotFound = (error: unknown) => ["NoSuchKey", "NotFound"].includes(errorName(error)) || statusOf(error) === 404;

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

  async function createWriter(name: string, opts: { maxBytes: number }): Promise<BlobWriter> {
    const Key = keyOf(name);
    const cutter = new PartCutter<Buffer>(partThreshold(opts.maxBytes));
    let uploadId: Promise<string> | null = null;
    const parts: CompletedPart[] = [];
    const partSizes: number[] = [];
    const inFlight = new Set<Promise<void>>();
    let failure: Error | null = null;
    let state: "writing" | "committed" | "aborted" = "writing";

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

    return {
      async write(buffers) {
        if (failure) throw failure;
        if (state !== "writing") throw new Error(`write after ${state}`);
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
      async commit() {
        if (state !== "writing") throw new Error(`commit after ${state}`);
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
    createWriter,

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
        if (!page.IsTruncated) return;
        KeyMarker = page.NextKeyMarker;
        UploadIdMarker = page.NextUploadIdMarker;
      }
    },

    async removeIncompleteWrite(write) {
      const [Key, UploadId] = JSON.parse(write.handle) as [string, string];
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
