// The start-up check of an S3 store: list, write, read back and delete a probe object, and list multipart uploads
// (the sweeper needs each of these). A failure is turned into a sentence that names the setting to fix: silent
// S3 misconfiguration (a wrong endpoint, a key pasted without its last character, a bucket in another region)
// is what costs users of other sharing apps hours.
import { randomUUID } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { StoreCheckError } from "../blob-store";
import type { S3Config } from "./s3-client";

type Failure = Error & { Code?: string; code?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };

/** The operator's sentence for an error of `step` ("list the bucket", "write an object"…). */
export function describeS3Failure(error: unknown, step: string, config: Pick<S3Config, "bucket" | "endpoint" | "region">): string {
  const failure = error as Failure;
  const endpoint = config.endpoint || `AWS S3 (region ${config.region})`;
  const name = failure.name ?? "";
  const code = failure.code ?? (failure.cause as { code?: string } | undefined)?.code ?? "";
  const status = failure.$metadata?.httpStatusCode;
  const bucket = `"${config.bucket}"`;
  if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ECONNRESET", "ETIMEDOUT"].includes(code) || name === "TimeoutError") {
    const hint =
      code === "ENOTFOUND" && config.endpoint
        ? " (if the store expects the bucket in the path rather than in the host name, set S3_FORCE_PATH_STYLE=true)"
        : "";
    return `S3_ENDPOINT ${endpoint} cannot be reached (${code || name}): check the address and port${hint}.`;
  }
  if (/certificate|self[- ]signed|SSL|TLS/i.test(`${code} ${failure.message}`)) {
    return `S3_ENDPOINT ${endpoint} answered with a TLS certificate this server does not trust (${code || failure.message}).`;
  }
  if (name === "NoSuchBucket" || (status === 404 && step === "list the bucket")) {
    return `bucket ${bucket} does not exist at ${endpoint}: create it (Coffer never creates buckets), or fix S3_BUCKET.`;
  }
  if (name === "InvalidAccessKeyId") return `S3_ACCESS_KEY_ID is not known to ${endpoint}: check it (and S3_ENDPOINT).`;
  if (name === "SignatureDoesNotMatch") {
    return `S3_SECRET_ACCESS_KEY does not match S3_ACCESS_KEY_ID at ${endpoint}: check for a missing, extra or changed character.`;
  }
  if (name === "AuthorizationHeaderMalformed" || name === "PermanentRedirect" || name === "IllegalLocationConstraintException" || status === 301) {
    return `bucket ${bucket} is not in region "${config.region}": set S3_REGION to the bucket's region (the store said: ${failure.message}).`;
  }
  if (name === "AccessDenied" || status === 403) {
    return `the S3 keys may not ${step} in bucket ${bucket} (access denied): give them s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject and s3:ListBucketMultipartUploads / s3:AbortMultipartUpload.`;
  }
  if (status === undefined && /deserializ|xml|parse|Unexpected|char/i.test(`${name} ${failure.message}`)) {
    return `S3_ENDPOINT ${endpoint} answered, but not as an S3 store (is it the right address and port?).`;
  }
  return `the S3 store failed to ${step} in bucket ${bucket} at ${endpoint}: ${name || "error"}${status ? ` (HTTP ${status})` : ""}: ${failure.message}`;
}

export async function checkBucket(client: S3Client, config: S3Config): Promise<void> {
  const Bucket = config.bucket;
  const Key = `${config.prefix}coffer-check-${randomUUID()}`;
  const body = `Coffer start-up check ${new Date().toISOString()}`;
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new StoreCheckError(describeS3Failure(error, what, config));
    }
  };
  await step("list the bucket", () => client.send(new ListObjectsV2Command({ Bucket, Prefix: config.prefix, MaxKeys: 1 })));
  await step("write an object", () => client.send(new PutObjectCommand({ Bucket, Key, Body: body })));
  try {
    const read = await step("read an object", async () => {
      const out = await client.send(new GetObjectCommand({ Bucket, Key }));
      return out.Body!.transformToString();
    });
    if (read !== body) {
      const endpoint = config.endpoint || `AWS S3 (region ${config.region})`;
      throw new StoreCheckError(
        `S3_ENDPOINT ${endpoint} answered, but not as an S3 store: it gave back other bytes than were written (is it the right address and port?).`,
      );
    }
    await step("list multipart uploads", () => client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: config.prefix, MaxUploads: 1 })));
  } catch (error) {
    // The probe is removed if it can be; the first failure is the one to report.
    await client.send(new DeleteObjectCommand({ Bucket, Key })).catch(() => undefined);
    throw error;
  }
  await step("delete an object", () => client.send(new DeleteObjectCommand({ Bucket, Key })));
}
