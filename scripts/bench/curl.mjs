// The bench's client is curl, for Coffer and the baseline alike: a separate process that only moves bytes
// (no hashing, no JavaScript), so the two servers are measured against the same, cheap client. Bodies go to
// files; their hashes are checked afterwards, outside the timed part.
import { spawn } from "node:child_process";

const FIGURES =
  '"status":%{http_code},"seconds":%{time_total},"firstByte":%{time_starttransfer},"downloaded":%{size_download},"uploaded":%{size_upload}';
const WRITE_OUT = `{${FIGURES}}`;
// tus answers in headers (curl 7.84 or later writes them out).
const TUS_WRITE_OUT = `{${FIGURES},"location":"%header{location}","uploadOffset":"%header{upload-offset}","fileId":"%header{coffer-file-id}"}`;

/** curl's arguments as they may be printed: cookies (sessions) never reach the output. */
const shown = (args) => args.map((arg) => (/^cookie:/i.test(arg) ? "Cookie: …" : arg)).join(" ");

function run(args, writeOut = WRITE_OUT) {
  return new Promise((resolve, reject) => {
    const child = spawn("curl", ["-sS", "--http1.1", "--no-keepalive", "-w", writeOut, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.once("error", (error) => reject(new Error(`curl could not run (${error.message}): install curl`)));
    // "close", not "exit": the write-out may still be in the pipe when the process has exited.
    child.once("close", (code) => {
      const result = /\{"status":.*\}$/.exec(out);
      if (code !== 0 || !result) return reject(new Error(`curl ${shown(args)} failed (${code}): ${err.trim() || out.slice(0, 300)}`));
      resolve({ ...JSON.parse(result[0]), body: out.slice(0, result.index) });
    });
  });
}

const header = (cookie) => (cookie ? ["-H", `Cookie: ${cookie}`] : []);

/**
 * A multipart upload of `file` (curl streams it from disk); answers curl's figures and the JSON answer. `extraArgs`
 * go to curl first (`--cacert FILE` for a server with a throwaway certificate).
 */
export async function curlUpload({ url, cookie, file, filename = "bench.bin", extraArgs = [] }) {
  const result = await run([
    ...extraArgs,
    ...header(cookie),
    "-F",
    `file=@${file};filename=${filename};type=application/octet-stream`,
    url,
  ]);
  if (result.status !== 201) throw new Error(`upload to ${url} answered ${result.status}: ${result.body.slice(0, 300)}`);
  return { ...result, answer: JSON.parse(result.body) };
}

/**
 * The raw file as the request body (the baseline stores the body as it comes). Streamed with --upload-file:
 * --data-binary would read the whole file into curl's memory, and refuses files of 1 GiB and more.
 */
export async function curlPutRaw({ url, file }) {
  const result = await run(["-X", "POST", "-H", "Content-Type: application/octet-stream", "-H", "Expect:", "--upload-file", file, url]);
  if (result.status !== 201) throw new Error(`upload to ${url} answered ${result.status}: ${result.body.slice(0, 300)}`);
  return { ...result, answer: JSON.parse(result.body) };
}

const TUS = ["-H", "Tus-Resumable: 1.0.0"];

/** tus creation (POST, no body): an upload of `length` bytes named `filename`; answers its Location (relative). */
export async function curlTusCreate({ url, cookie, length, filename = "bench.bin" }) {
  const result = await run(
    [
      ...header(cookie),
      ...TUS,
      "-X",
      "POST",
      "-H",
      `Upload-Length: ${length}`,
      "-H",
      `Upload-Metadata: filename ${Buffer.from(filename).toString("base64")}`,
      url,
    ],
    TUS_WRITE_OUT,
  );
  if (result.status !== 201 || !result.location)
    throw new Error(`tus creation at ${url} answered ${result.status}: ${result.body.slice(0, 300)}`);
  return result;
}

/**
 * A tus PATCH of the whole of `file` at `offset` (streamed with --upload-file, no Expect: 100-continue, as
 * curlPutRaw); answers curl's figures with the Upload-Offset the server answered and its Coffer-File-Id, if any.
 */
export async function curlTusPatch({ url, cookie, file, offset }) {
  const result = await run(
    [
      ...header(cookie),
      ...TUS,
      "-X",
      "PATCH",
      "-H",
      "Content-Type: application/offset+octet-stream",
      "-H",
      `Upload-Offset: ${offset}`,
      "-H",
      "Expect:",
      "--upload-file",
      file,
      url,
    ],
    TUS_WRITE_OUT,
  );
  if (result.status !== 204) throw new Error(`tus PATCH of ${url} at ${offset} answered ${result.status}: ${result.body.slice(0, 300)}`);
  return { ...result, uploadOffset: Number(result.uploadOffset), fileId: result.fileId || null };
}

/** A download into `out`; `range` asks for bytes as in a Range header. */
export async function curlDownload({ url, cookie, out, range, extraArgs = [] }) {
  const result = await run([...extraArgs, ...header(cookie), ...(range ? ["-H", `Range: bytes=${range}`] : []), "-o", out, url]);
  if (result.status !== (range ? 206 : 200)) throw new Error(`download of ${url} answered ${result.status}`);
  return result;
}
