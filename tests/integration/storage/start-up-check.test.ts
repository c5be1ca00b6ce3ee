// The blob store is checked before the server takes a request, and a store it cannot use stops it with a
// sentence that names what to fix: users of other sharing apps lose hours to silent S3 misconfiguration.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { freePort, s3StorageSettings, startS3TestServer, type S3TestServer } from "../../../scripts/throwaway-server.mjs";
import { startServer } from "../../support/server";
import { Client } from "../../support/http-client";

const root = path.resolve(__dirname, "../../..");
let s3: S3TestServer;
let notS3: http.Server;
let notS3Port: number;

beforeAll(async () => {
  s3 = await startS3TestServer({ root, directory: path.join(process.env.STORAGE_DIR!, "..", "s3-check") });
  await s3.ready;
  // Something that answers HTTP, but not as S3 does (a web server at the wrong port).
  notS3Port = await freePort();
  notS3 = http.createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end("<html>hello</html>"));
  await new Promise<void>((resolve) => notS3.listen(notS3Port, "127.0.0.1", resolve));
});

afterAll(async () => {
  await s3?.stop();
  await new Promise((resolve) => notS3?.close(resolve));
});

const bucket = (extra: Record<string, string> = {}) => ({ ...s3StorageSettings({ endpoint: s3.endpoint, prefix: "start-up check/" }), ...extra });

it("starts and serves on a bucket that answers", async () => {
  const server = await startServer({ env: bucket() });
  try {
    expect((await new Client(server.url).get("/login")).status).toBe(200);
    expect(server.logs()).toMatch(/"driver":"s3".*blob store ready/);
  } finally {
    await server.stop();
  }
});

it.each([
  ["an endpoint nothing listens on", async () => bucket({ S3_ENDPOINT: `http://127.0.0.1:${await freePort()}` }), /S3_ENDPOINT http:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)/],
  ["an endpoint that is not an S3 store", async () => bucket({ S3_ENDPOINT: `http://127.0.0.1:${notS3Port}` }), /S3_ENDPOINT http:\/\/127\.0\.0\.1:\d+ answered, but not as an S3 store/],
  ["a wrong secret key", async () => bucket({ S3_SECRET_ACCESS_KEY: "not/the+right secret" }), /S3_SECRET_ACCESS_KEY does not match S3_ACCESS_KEY_ID/],
  ["an unknown access key", async () => bucket({ S3_ACCESS_KEY_ID: "AKIAUNKNOWN" }), /S3_ACCESS_KEY_ID is not known to http:\/\/127\.0\.0\.1:\d+/],
  ["a bucket that does not exist", async () => bucket({ S3_BUCKET: "no-such-bucket" }), /bucket "no-such-bucket" does not exist at http:\/\/127\.0\.0\.1:\d+: create it/],
])("refuses to start with %s, and says what is wrong", async (_case, settings, message) => {
  await expect(startServer({ env: await settings() })).rejects.toThrow(message);
});

it("refuses to start with a storage folder it cannot write", async () => {
  const file = path.join(process.env.STORAGE_DIR!, "..", "a-file");
  fs.writeFileSync(file, "not a folder");
  // The local disk's check, whichever store the run's other servers use (COFFER_TEST_STORAGE).
  await expect(startServer({ env: { STORAGE_DRIVER: "local", STORAGE_DIR: path.join(file, "storage") } })).rejects.toThrow(
    /STORAGE_DIR .*a-file\/storage cannot be written \(ENOTDIR\)/,
  );
});
