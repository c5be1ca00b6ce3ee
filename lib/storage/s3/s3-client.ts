// The S3 client of a store: its settings, and the SDK options that make it work with S3-compatible stores.
import { S3Client } from "@aws-sdk/client-s3";
import type { S3Settings } from "@/lib/env/s3-settings";

export type S3Config = S3Settings & {
  /** How long a connection may stay silent before a request fails (a paused download's GET included). */
  idleTimeoutMs: number;
};

export function createS3Client(config: S3Config, opts: { maxAttempts?: number; connectionTimeoutMs?: number } = {}): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint || undefined,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // Checksums only where S3 requires them: many S3-compatible stores refuse the SDK's newer default
    // (aws-chunked bodies with trailing CRCs), and every segment carries its own AES-GCM tag anyway.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: opts.maxAttempts ?? 3,
    requestHandler: { connectionTimeout: opts.connectionTimeoutMs ?? 10_000, requestTimeout: config.idleTimeoutMs },
  });
}
