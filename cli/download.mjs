// coffer download: the file's bytes from /api/files/{id}/download into FILE.<id>.part, resumed with Range (and
// If-Range, so a part of other bytes starts over) when the part is there from an earlier run, checked against the
// file's SHA-256 and only then renamed to FILE.
import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse as parseDisposition } from "content-disposition";
import { errorFrom, errorOf } from "./api.mjs";
import { CliError } from "./errors.mjs";
import { progressBar } from "./output.mjs";

const encodeId = (id) => encodeURIComponent(id);

/** The file's name, size and SHA-256: from /api/v1 when the server has it, else from the download's HEAD. */
async function describe(api, id) {
  const v1 = await api.fetch(`/api/v1/files/${encodeId(id)}`, { headers: { accept: "application/json" } });
  const text = await v1.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: a server without /api/v1 answers its HTML 404 page
  }
  if (v1.ok && body?.file) {
    const { file } = body;
    return { name: file.name, size: Number(file.size), sha256: file.sha256 ?? null, etag: null };
  }
  // The API's own error ({ error: { code } }, or a refused token): that is the answer.
  if (body?.error && (v1.status !== 404 || typeof body.error === "object")) throw errorFrom(v1.status, v1.headers, text);
  const head = await api.fetch(`/api/files/${encodeId(id)}/download`, { method: "HEAD" });
  if (!head.ok) throw await errorOf(head);
  let name = id;
  try {
    name = parseDisposition(head.headers.get("content-disposition") ?? "").parameters.filename ?? id;
  } catch {
    // keep the id
  }
  return { name, size: Number(head.headers.get("content-length")), sha256: null, etag: head.headers.get("etag") };
}

/** A name that stays in the current folder: no path, no control characters. */
function safeName(name, id) {
  const base = path.basename(String(name).replace(/[\u0000-\u001f\u007f]/g, "")).trim();
  return base && base !== "." && base !== ".." ? base : id;
}

/** Hashes what a part file already holds. */
async function hashOf(file, hash) {
  await pipeline(fs.createReadStream(file), async function* (source) {
    for await (const chunk of source) hash.update(chunk);
    yield* [];
  });
}

export async function downloadFile({ api, id, output, force, json, signal }) {
  const meta = await describe(api, id);
  if (output === "-") return toStdout(api, id);
  const target = path.resolve(output ?? safeName(meta.name, id));
  if (fs.existsSync(target) && !force) throw new CliError("usage", `${target} exists: remove it, name another with -o, or pass --force.`);
  const part = `${target}.${id}.part`;
  let have = fs.existsSync(part) ? fs.statSync(part).size : 0;
  if (have > meta.size) {
    fs.rmSync(part);
    have = 0;
  }

  const hash = createHash("sha256");
  let response = null;
  if (have < meta.size || meta.size === 0) {
    const headers = have > 0 ? { range: `bytes=${have}-`, ...(meta.etag ? { "if-range": meta.etag } : {}) } : {};
    response = await api.fetch(`/api/files/${encodeId(id)}/download`, { headers, signal });
    if (response.status === 416 && have > 0) {
      await response.body?.cancel();
      fs.rmSync(part);
      have = 0;
      response = await api.fetch(`/api/files/${encodeId(id)}/download`, { signal });
    }
    if (!response.ok) throw await errorOf(response);
    // 200 to a Range request: the server sends the whole file (the part was of other bytes): start over.
    if (response.status !== 206) have = 0;
  }
  const resumed = have > 0;
  if (resumed) await hashOf(part, hash);

  if (response) {
    const bar = progressBar({ json, label: path.basename(target), total: meta.size });
    let done = have;
    bar.update(done);
    const counter = new Transform({
      transform(chunk, _encoding, callback) {
        hash.update(chunk);
        done += chunk.length;
        bar.update(done);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body), counter, fs.createWriteStream(part, { flags: have > 0 ? "a" : "w", mode: 0o600 }), {
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw new CliError("interrupted", "Interrupted: run the same command again to resume the download.");
      throw new CliError("network", `The download broke off (${error.code ?? error.message}): run the same command again to resume it.`);
    } finally {
      bar.stop();
    }
  }

  const size = fs.statSync(part).size;
  const digest = hash.digest("hex");
  // The full SHA-256 from the file's metadata, or (before /api/v1) the 128-bit prefix of it that the ETag carries.
  const expected = meta.sha256 ?? /^"([0-9a-f]{32})"$/.exec(meta.etag ?? "")?.[1] ?? null;
  if (size !== meta.size || (expected && !digest.startsWith(expected))) {
    fs.rmSync(part);
    throw new CliError(
      "integrity",
      `The downloaded bytes do not match the file (${size} of ${meta.size} bytes, or another SHA-256): removed; try again.`,
    );
  }
  fs.renameSync(part, target);
  return {
    id,
    name: meta.name,
    path: target,
    size,
    sha256: digest,
    verified: expected ? (meta.sha256 ? "sha256" : "etag") : false,
    resumed,
  };
}

async function toStdout(api, id) {
  const response = await api.fetch(`/api/files/${encodeId(id)}/download`);
  if (!response.ok) throw await errorOf(response);
  await pipeline(Readable.fromWeb(response.body), process.stdout);
  return null;
}
