// The bench's client: one multipart upload and one download over plain node:http, both streamed and
// hashed as they go. The same code talks to Coffer and to the baseline server.
import http from "node:http";
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { payloadChunks } from "./payload.mjs";

const HOST = "127.0.0.1";

async function readText(response) {
  let text = "";
  response.setEncoding("utf8");
  for await (const piece of response) text += piece;
  return text;
}

/** POSTs `size` payload bytes as the one file of a multipart/form-data body; resolves once the answer is read. */
export async function uploadFile({ port, path, cookie, size, filename = "bench.bin" }) {
  const boundary = `----CofferBench${randomBytes(12).toString("hex")}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      "Content-Type: application/octet-stream\r\n\r\n",
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const hash = createHash("sha256");
  function* body() {
    yield head;
    for (const chunk of payloadChunks(size)) {
      hash.update(chunk);
      yield chunk;
    }
    yield tail;
  }

  const started = performance.now();
  const request = http.request({
    host: HOST,
    port,
    path,
    method: "POST",
    agent: false,
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "content-length": String(head.length + size + tail.length),
      ...(cookie ? { cookie } : {}),
    },
  });
  const answered = new Promise((resolve, reject) => {
    request.once("response", resolve);
    request.once("error", reject);
  });
  // A server that refuses early closes the connection mid-body: its answer says more than the write error.
  const sent = pipeline(Readable.from(body()), request).then(
    () => null,
    (error) => error,
  );
  const response = await answered;
  const text = await readText(response);
  const sendError = await sent;
  const seconds = (performance.now() - started) / 1000;
  if (response.statusCode < 200 || response.statusCode > 299) {
    throw new Error(`upload to ${path} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  }
  if (sendError) throw new Error(`upload to ${path} failed while sending: ${sendError.message}`);
  // payloadOffset: where the file's bytes start in the body (the baseline stores the raw body).
  return { seconds, sha256: hash.digest("hex"), body: JSON.parse(text), payloadOffset: head.length };
}

/** GETs a file and hashes it as it arrives; fails on any status but 200 or a short body. */
export async function downloadFile({ port, path, cookie }) {
  const started = performance.now();
  const response = await new Promise((resolve, reject) => {
    http.get({ host: HOST, port, path, agent: false, headers: cookie ? { cookie } : {} }, resolve).once("error", reject);
  });
  if (response.statusCode !== 200) {
    throw new Error(`download of ${path} answered ${response.statusCode}: ${(await readText(response)).slice(0, 300)}`);
  }
  const firstByte = performance.now();
  const hash = createHash("sha256");
  let bytes = 0;
  const cutOff = (why) => new Error(`download of ${path} was cut off after ${bytes} bytes (${why})`);
  try {
    for await (const chunk of response) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  } catch (error) {
    throw cutOff(error.message);
  }
  const seconds = (performance.now() - started) / 1000;
  if (!response.complete) throw cutOff("incomplete");
  const declared = Number(response.headers["content-length"]);
  if (declared !== bytes) throw new Error(`download of ${path} declared ${declared} bytes but sent ${bytes}`);
  return { seconds, firstByteSeconds: (firstByte - started) / 1000, bytes, sha256: hash.digest("hex") };
}

/** A small JSON or form request (sign-in); answers the status, headers and body text. */
export function request({ port, path, method = "GET", headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: HOST, port, path, method, agent: false, headers }, async (response) => {
      try {
        resolve({ status: response.statusCode, headers: response.headers, text: await readText(response) });
      } catch (error) {
        reject(error);
      }
    });
    outgoing.once("error", reject);
    outgoing.end(body);
  });
}
