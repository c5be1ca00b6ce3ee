// The S3 test server alone, driven by the AWS SDK the way Coffer's S3 driver drives it (5 MiB parts, two in
// flight; one streamed GET), so the bench can tell s3rver's own cost from Coffer's.
// node scripts/bench/s3-alone.mjs up|down ENDPOINT BUCKET KEY FILE   prints {"seconds":…,"bytes":…}
import fs from "node:fs";
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { TEST_S3_CREDENTIALS } from "../throwaway-server.mjs";

const [direction, endpoint, Bucket, Key, file] = process.argv.slice(2);
const PART = 5 * 1024 * 1024;
const client = new S3Client({
  region: "us-east-1",
  endpoint,
  forcePathStyle: true,
  credentials: TEST_S3_CREDENTIALS,
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
});

async function up() {
  const size = fs.statSync(file).size;
  const handle = await fs.promises.open(file, "r");
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
  const parts = [];
  const inFlight = new Set();
  for (let at = 0, number = 1; at < size; at += PART, number++) {
    const body = Buffer.allocUnsafe(Math.min(PART, size - at));
    await handle.read(body, 0, body.length, at);
    const PartNumber = number;
    const sent = client
      .send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: body, ContentLength: body.length }))
      .then((out) => (parts[PartNumber - 1] = { PartNumber, ETag: out.ETag }));
    inFlight.add(sent);
    sent.finally(() => inFlight.delete(sent));
    while (inFlight.size >= 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));
  await handle.close();
  return size;
}

async function down() {
  const out = await client.send(new GetObjectCommand({ Bucket, Key }));
  let bytes = 0;
  for await (const chunk of out.Body) bytes += chunk.length;
  return bytes;
}

const started = performance.now();
const bytes = direction === "up" ? await up() : await down();
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, bytes }));
process.exit(0);
