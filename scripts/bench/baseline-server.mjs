// The bench's yardstick, run as its own process: the least a Node server can do to take a request
// body to disk and send a file back. No parsing, no checks, no encryption. It does fsync before it
// answers an upload, as Coffer does, so that both pay the same price for durability.
//   node scripts/bench/baseline-server.mjs <dir> <port>
//   POST /files              → stores the raw request body; answers {"id", "bytes", "fsyncMs"}
//   GET  /files/<id>?start&end → streams bytes start..end (inclusive) of what was stored
import http from "node:http";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";

const [dir, port] = process.argv.slice(2);
let stored = 0;

async function receive(request, response) {
  const id = String(++stored);
  const file = path.join(dir, `${id}.bin`);
  const out = fs.createWriteStream(file);
  await pipeline(request, out);
  const syncStarted = performance.now();
  const handle = await fsp.open(file, "r+");
  await handle.sync();
  await handle.close();
  const fsyncMs = Math.round(performance.now() - syncStarted);
  response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ id, bytes: out.bytesWritten, fsyncMs }));
}

async function send(request, response) {
  const url = new URL(request.url, "http://baseline");
  const file = path.join(dir, `${url.pathname.split("/").pop().replace(/\D/g, "")}.bin`);
  const start = Number(url.searchParams.get("start") ?? 0);
  const end = Number(url.searchParams.get("end") ?? (await fsp.stat(file)).size - 1);
  response.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(end - start + 1) });
  await pipeline(fs.createReadStream(file, { start, end }), response);
}

const server = http.createServer((request, response) => {
  const route = request.method === "POST" ? receive : request.method === "GET" ? send : null;
  if (!route) return void response.writeHead(405).end();
  route(request, response).catch((error) => {
    console.error(`baseline: ${request.method} ${request.url} failed: ${error.message}`);
    response.destroy();
  });
});
server.requestTimeout = 0;
server.listen(Number(port), () => console.log(`Baseline is listening on ${server.address().port}`));
