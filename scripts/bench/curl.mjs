// The bench's client is curl, for Coffer and the baseline alike: a separate process that only moves bytes
// (no hashing, no JavaScript), so the two servers are measured against the same, cheap client. Bodies go to
// files; their hashes are checked afterwards, outside the timed part.
import { spawn } from "node:child_process";

const WRITE_OUT =
  '{"status":%{http_code},"seconds":%{time_total},"firstByte":%{time_starttransfer},"downloaded":%{size_download},"uploaded":%{size_upload}}';

/** curl's arguments as they may be printed: cookies (sessions) never reach the output. */
const shown = (args) => args.map((arg) => (/^cookie:/i.test(arg) ? "Cookie: …" : arg)).join(" ");

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn("curl", ["-sS", "--http1.1", "--no-keepalive", "-w", WRITE_OUT, ...args], { stdio: ["ignore", "pipe", "pipe"] });
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

/** A download into `out`; `range` asks for bytes as in a Range header. */
export async function curlDownload({ url, cookie, out, range, extraArgs = [] }) {
  const result = await run([...extraArgs, ...header(cookie), ...(range ? ["-H", `Range: bytes=${range}`] : []), "-o", out, url]);
  if (result.status !== (range ? 206 : 200)) throw new Error(`download of ${url} answered ${result.status}`);
  return result;
}
