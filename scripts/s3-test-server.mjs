// An S3-compatible server for tests and the bench: s3rver (a dev dependency, offline, on loopback) with what it
// lacks and real S3 has, so that the S3 driver is tested against S3's rules and not s3rver's leniency
// (docs/decisions/038):
//  - Signature V4 is verified with the secret (s3rver checks only that the access key exists), and unsigned
//    and presigned requests are refused: wrong keys fail here as they fail on S3;
//  - ListMultipartUploads and AbortMultipartUpload (s3rver answers NotImplemented), which the sweeper needs;
//  - every part but the last of a multipart upload must hold 5 MiB (EntityTooSmall), part numbers 1..10000.
// Run: node scripts/s3-test-server.mjs --port N --directory DIR --bucket NAME…; the credentials come from
// S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY. It prints "S3 test server listening on http://127.0.0.1:N".
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const S3rver = require("s3rver");
const S3Error = require("s3rver/lib/models/error");
const AWSAccount = require("s3rver/lib/models/account");

const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;
const UPLOADS = "._S3rver_uploads"; // where s3rver keeps a bucket's multipart uploads

function parseArgs(argv) {
  const options = { port: 0, directory: "", buckets: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === "--port") options.port = Number(value);
    else if (name === "--directory") options.directory = value;
    else if (name === "--bucket") options.buckets.push(value);
    else throw new Error(`unknown option ${name}`);
  }
  if (!options.directory) throw new Error("--directory is required");
  return options;
}

const hmac = (key, text) => crypto.createHmac("sha256", key).update(text, "utf8").digest();
const sha256 = (text) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
const rfc3986 = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Verifies an `Authorization: AWS4-HMAC-SHA256 …` request against the secrets; throws S3's error otherwise. */
function verifySignatureV4(req, secrets) {
  const header = req.headers.authorization;
  if (!header) {
    if (/[?&]X-Amz-Signature=/i.test(req.url)) throw new S3Error("AccessDenied", "Presigned requests are refused by this test server.");
    throw new S3Error("AccessDenied", "Anonymous requests are refused by this test server.");
  }
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
      header,
    );
  if (!match) throw new S3Error("AuthorizationHeaderMalformed", "The authorization header is malformed.");
  const [, accessKeyId, date, region, signedHeaders, signature] = match;
  const secret = secrets.get(accessKeyId);
  if (secret === undefined) throw new S3Error("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  const amzDate = req.headers["x-amz-date"];
  if (!amzDate || !amzDate.startsWith(date))
    throw new S3Error("AccessDenied", "x-amz-date is missing or does not match the credential scope.");
  const [rawPath, rawQuery = ""] = req.url.split("?");
  const query = rawQuery
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const [key, value = ""] = pair.split("=");
      const decode = (s) => decodeURIComponent(s.replace(/\+/g, "%20"));
      return [rfc3986(decode(key)), rfc3986(decode(value))];
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("&");
  const headers = signedHeaders
    .split(";")
    .map(
      (name) =>
        `${name}:${String(req.headers[name] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const payload = req.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD";
  const canonical = [req.method, rawPath, query, headers, signedHeaders, payload].join("\n");
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), "s3"), "aws4_request");
  const expected = crypto.createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw new S3Error("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
  }
}

/** Bucket and key of a path-style request ("/bucket/some/key"), decoded. */
function target(ctx) {
  const [, bucket = "", ...rest] = ctx.path.split("/");
  return { bucket: decodeURIComponent(bucket), key: rest.map(decodeURIComponent).join("/") };
}

function uploadsDir(directory, bucket) {
  return path.join(directory, bucket, UPLOADS);
}

function listUploads(directory, bucket) {
  const dir = uploadsDir(directory, bucket);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((id) => fs.existsSync(path.join(dir, id, "key")))
    .map((id) => {
      const keyFile = path.join(dir, id, "key");
      return { UploadId: id, Key: fs.readFileSync(keyFile, "utf8"), Initiated: fs.statSync(keyFile).mtime };
    })
    .sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : a.UploadId < b.UploadId ? -1 : 1));
}

/** The operations s3rver lacks, and S3's part rules; anything else goes on to s3rver. */
function s3Rules(directory, secrets) {
  return async function s3Rules(ctx, next) {
    verifySignatureV4(ctx.req, secrets);
    const { bucket, key } = target(ctx);
    const query = ctx.query;
    if (ctx.method === "GET" && bucket && !key && "uploads" in query) {
      if (!fs.existsSync(path.join(directory, bucket)))
        throw new S3Error("NoSuchBucket", "The specified bucket does not exist", { BucketName: bucket });
      const prefix = query.prefix ?? "";
      const max = Math.min(1000, Number(query["max-uploads"] ?? 1000));
      const after = (u) =>
        !query["key-marker"] ||
        u.Key > query["key-marker"] ||
        (u.Key === query["key-marker"] && u.UploadId > (query["upload-id-marker"] ?? ""));
      const matching = listUploads(directory, bucket).filter((u) => u.Key.startsWith(prefix) && after(u));
      const page = matching.slice(0, max);
      const truncated = matching.length > max;
      ctx.body = {
        ListMultipartUploadsResult: {
          "@": { xmlns: "http://s3.amazonaws.com/doc/2006-03-01/" },
          Bucket: bucket,
          KeyMarker: query["key-marker"] ?? "",
          UploadIdMarker: query["upload-id-marker"] ?? "",
          ...(truncated ? { NextKeyMarker: page.at(-1).Key, NextUploadIdMarker: page.at(-1).UploadId } : {}),
          Prefix: prefix,
          MaxUploads: max,
          IsTruncated: truncated,
          Upload: page.map((u) => ({ Key: u.Key, UploadId: u.UploadId, Initiated: u.Initiated.toISOString(), StorageClass: "STANDARD" })),
        },
      };
      return;
    }
    if (bucket && key && "uploadId" in query) {
      const dir = path.join(uploadsDir(directory, bucket), path.basename(String(query.uploadId)));
      const exists = fs.existsSync(path.join(dir, "key")) && fs.readFileSync(path.join(dir, "key"), "utf8") === key;
      if (!exists) throw new S3Error("NoSuchUpload", "The specified upload does not exist.", { UploadId: query.uploadId });
      if (ctx.method === "DELETE") {
        fs.rmSync(dir, { recursive: true, force: true });
        ctx.status = 204;
        return;
      }
      if (ctx.method === "PUT") {
        const number = Number(query.partNumber);
        if (!Number.isInteger(number) || number < 1 || number > MAX_PARTS)
          throw new S3Error("InvalidArgument", `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive`);
      }
      if (ctx.method === "POST") {
        const parts = fs
          .readdirSync(dir)
          .filter((name) => /^\d+$/.test(name))
          .map(Number)
          .sort((a, b) => a - b);
        for (const number of parts.slice(0, -1)) {
          const size = fs.statSync(path.join(dir, String(number))).size;
          if (size < MIN_PART_BYTES)
            throw new S3Error("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", {
              PartNumber: number,
              ProposedSize: size,
              MinSizeAllowed: MIN_PART_BYTES,
            });
        }
      }
    }
    await next();
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const accessKeyId = process.env.S3_ACCESS_KEY_ID;
  const secretAccessKey = process.env.S3_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set");
  // s3rver's own check wants the key registered; this server's check verifies the signature with the secret.
  AWSAccount.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  AWSAccount.DUMMY_ACCOUNT.revokeAccessKey("S3RVER");
  const secrets = new Map([[accessKeyId, secretAccessKey]]);

  fs.mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    address: "127.0.0.1",
    port: options.port,
    directory: options.directory,
    silent: process.env.S3_TEST_SERVER_LOG !== "1",
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  // Before s3rver's router (the last middleware): after its logger and XML encoder, so errors and bodies look like S3's.
  server.middleware.splice(server.middleware.length - 1, 0, s3Rules(options.directory, secrets));
  const { port } = await server.run();
  console.log(`S3 test server listening on http://127.0.0.1:${port}`);
  const stop = () => server.close().finally(() => process.exit(0));
  // s3rver pipes a part's body into a file without an error listener: a part still arriving when its upload is
  // aborted (or a client cut off at the wrong moment) can raise an error no request handles. That fails the request
  // it belongs to; it must not end the server every later test file of the run shares (CI saw one crash take down
  // thirty files after it). Said on stderr, which a failing test shows.
  process.on("uncaughtException", (error) => console.error("S3 test server: an error no request handled:", error));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error) => {
  console.error(`S3 test server failed: ${error.message}`);
  process.exit(1);
});
