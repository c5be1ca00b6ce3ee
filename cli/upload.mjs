// coffer upload: each file over tus (/api/uploads) with tus-js-client, its upload URL kept in the config folder
// (uploads.json) under the file's path, size and modification time, so the same command run again after a crash,
// a kill or a dropped connection asks the server where the upload stands and sends only the rest.
import fs from "node:fs";
import path from "node:path";
import * as tus from "tus-js-client";
import { ensureConfigDir } from "./config.mjs";
import { CliError, kindOfStatus, redact } from "./errors.mjs";
import { USER_AGENT } from "./api.mjs";
import { progressBar } from "./output.mjs";

export const CHUNK_SIZE = 64 * 1024 * 1024;

/** tus-js-client's file-backed store of upload URLs, in the config folder, created 0600. */
function urlStorage() {
  const file = path.join(ensureConfigDir(), "uploads.json");
  try {
    fs.writeFileSync(file, "{}", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
  }
  return new tus.FileUrlStorage(file);
}

function errorOfTus(error) {
  const response = error.originalResponse;
  if (!response) {
    const cause = error.causingError?.code ?? error.causingError?.message ?? error.message;
    return new CliError("network", `The upload could not reach the server (${redact(cause)}). Run the same command again to resume.`);
  }
  const status = response.getStatus();
  let message;
  let code;
  try {
    const { error: body } = JSON.parse(response.getBody() ?? "");
    if (typeof body === "string") message = body;
    else if (body && typeof body === "object") ({ code, message } = body);
  } catch {
    // no JSON body (a HEAD, or a proxy's page)
  }
  const kind = kindOfStatus(status, code);
  if (!message) message = kind === "auth" ? "The token was refused, or lacks the files:write scope." : `The server answered ${status}.`;
  if (kind === "network") message += " Run the same command again to resume.";
  return new CliError(kind, message, { status, code });
}

/**
 * Uploads one file, resuming an upload of the same file (path, size, modification time) this machine began, and
 * answers the new file's id. `onProgress(sent, total)` follows the bytes.
 */
export function uploadOne({ api, file, onProgress, signal }) {
  return new Promise((resolve, reject) => {
    const stat = fs.statSync(file);
    const stream = fs.createReadStream(file);
    let resumedFrom = null;
    const upload = new tus.Upload(stream, {
      endpoint: `${api.base}/api/uploads`,
      chunkSize: CHUNK_SIZE,
      uploadSize: stat.size,
      metadata: { filename: path.basename(file) },
      headers: api.headers({ "user-agent": USER_AGENT }),
      urlStorage: urlStorage(),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      onProgress: (sent, total) => onProgress?.(sent, total),
      onSuccess: ({ lastResponse }) => {
        stream.destroy();
        const id = lastResponse.getHeader("coffer-file-id");
        if (!id) return reject(new CliError("network", "The server finished the upload but named no file (Coffer-File-Id)."));
        resolve({ id, resumedFrom });
      },
      onError: (error) => {
        stream.destroy();
        reject(errorOfTus(error));
      },
    });
    signal?.addEventListener("abort", () => {
      // Kept on the server (and in uploads.json): the next run goes on from there.
      void upload.abort(false);
      reject(new CliError("interrupted", "Interrupted: run the same command again to resume the upload."));
    });
    upload
      .findPreviousUploads()
      .then((previous) => {
        const latest = previous.sort((a, b) => String(b.creationTime).localeCompare(String(a.creationTime)))[0];
        if (latest) {
          resumedFrom = latest.uploadUrl;
          upload.resumeFromPreviousUpload(latest);
        }
        upload.start();
      })
      .catch((error) => reject(new CliError("usage", `Cannot read the stored uploads (${error.message}).`)));
  });
}

/** Uploads the files one after the other; with `link`, makes a link to each (`makeLink(id)`). */
export async function uploadFiles({ api, files, json, makeLink, signal }) {
  for (const file of files) {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new CliError("usage", `No such file: ${file}`);
    }
    if (!stat.isFile()) throw new CliError("usage", `Not a file: ${file}`);
  }
  const results = [];
  for (const file of files) {
    const size = fs.statSync(file).size;
    const bar = progressBar({ json, label: path.basename(file), total: size });
    let id;
    let resumedFrom;
    try {
      ({ id, resumedFrom } = await uploadOne({ api, file, signal, onProgress: (sent) => bar.update(sent) }));
    } finally {
      bar.stop();
    }
    const result = { id, name: path.basename(file), size, resumed: resumedFrom !== null };
    if (makeLink) result.link = await makeLink(id);
    results.push(result);
  }
  return results;
}
