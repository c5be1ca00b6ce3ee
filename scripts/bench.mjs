// `npm run bench [-- options]`: Coffer's speed and memory, measured against baselines in the same run.
//   transfer     BENCH_SIZE_MIB (1024) MiB up and down through Coffer and through a bare Node server on the same
//                disk (and through the build of another checkout with --before DIR); curl is the client of both.
//                MiB/s, the serving process's CPU seconds per GiB, idle and peak RSS: medians of BENCH_ROUNDS (3)
//                rounds in which the targets take turns.
//   tus          (issue 22) the BENCH_SIZE_MIB upload through tus at /api/uploads, in PATCHes of 64 MiB and in one PATCH,
//                taking turns in BENCH_ROUNDS rounds with a multipart upload through Coffer and the baseline's upload;
//                curl is the client (one request at a time). MiB/s, CPU s/GiB and RSS as in transfer; the ratios
//                tus / multipart; and the final hash's cost: the 64 MiB variant's last PATCH (which pays one decrypting
//                read of the stored blob for the SHA-256) against its other PATCHes, and the whole against one PATCH.
//   s3           the same transfers through a Coffer on the S3 driver, against the S3 test server (s3rver on loopback,
//                scripts/s3-test-server.mjs) in the same rounds, with s3rver's own CPU; then s3rver alone, driven by
//                the AWS SDK from scripts/bench/s3-alone.mjs as the driver drives it, to show where s3rver is the limit.
//   concurrency  20 uploads of 50 MiB at once (5 users × 4), then 50 downloads of one 100 MiB file at once:
//                errors, aggregate MiB/s, the 50th and 99th percentile time to first byte; every byte checked. The
//                same waves against the baseline (ratios); during Coffer's downloads, the dashboard and the sign-in
//                page opened every 500 ms, and the server's event-loop delay (scripts/bench/event-loop-probe.mjs).
//   range        a 2 GiB file: time to first byte of a Range at 1.9 GiB against one at offset 0.
//   cluster      (only with --only cluster) the concurrency section against one node directly, one node behind nginx
//                with TLS, and two nodes behind it, all on one database (PostgreSQL under `pg_virtualenv -t env
//                COFFER_TEST_DATABASE=postgresql`) and one store (the local disk; BENCH_CLUSTER_STORE=s3: the S3 test
//                server), with the CPU seconds of each node and of nginx and how busy the machine was.
//   dashboard    10,000 files of one user: the server's own time for the first page, a sorted page and a search; on
//                SQLite, and on PostgreSQL as well when a cluster is at hand (`pg_virtualenv -t npm run bench`), with
//                PostgreSQL's plan (EXPLAIN ANALYZE) of the search's query (BENCH_PLAN=1 prints it whole).
// Options: --only transfer,tus,s3,concurrency,range,dashboard,cluster   --flask (the Flask reference design, when installable)
//          --before DIR (another checkout's build, measured the same way)   --profile (where Coffer's CPU went)
//          --crypto-threads N (Coffer's TRANSFER_CRYPTO_THREADS; 0 keeps the transfers' cipher on the event loop)
// Each figure is a measurement: a MISS exits 0. A failed transfer or a hash that differs exits 1.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import {
  checkoutNodeFlags,
  cofferEnvironment,
  createUsers,
  ensureBuild,
  recordedHashes,
  searchPlan,
  seedFiles,
  signIn,
  startCoffer,
} from "./bench/coffer-server.mjs";
import { postgresAdminUrl } from "./db/postgres-cluster.mjs";
import { dropThrowawayDatabases, testDatabaseProvider } from "./db/throwaway-database.mjs";
import { freePort, s3StorageSettings, startS3TestServer, startServerProcess, TEST_S3_BUCKET } from "./throwaway-server.mjs";
import { cpuSeconds, descendants, findListeningPid, RssSampler, rssMiB } from "./bench/process-stats.mjs";
import { nginxBinary, startThrowawayNginx } from "./throwaway-nginx.mjs";
import { curlDownload, curlPutRaw, curlTusCreate, curlTusPatch, curlUpload } from "./bench/curl.mjs";
import { sha256OfFile, writePayload } from "./bench/payload.mjs";
import { summariseProfile } from "./bench/profile-summary.mjs";

const root = path.resolve(import.meta.dirname, "..");
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const TARGETS = {
  uploadRatio: 0.6,
  uploadCpuOverBaseline: 1.5,
  downloadRatio: 0.7,
  downloadCpuOverBaseline: 1,
  uploadOverFlask: 2,
  downloadOverFlask: 0.6,
  rssHeadroomMiB: 150,
  s3UploadRssHeadroomMiB: 200,
  idleRssMiB: 200,
  rangeRatio: 2,
  dashboardMs: 100,
  // Issue 20: many transfers at once.
  concurrentUploadRatio: 0.7,
  concurrentDownloadRatio: 0.7,
  firstByteP99Ms: 500,
  dashboardLoadedP50Ms: 300,
  dashboardLoadedP99Ms: 1000,
  eventLoopP99Ms: 50,
  // Issue 22: tus within 10% of multipart.
  tusOverMultipart: 0.9,
  tusCpuOverMultipart: 1.1,
};
/** The chunked tus variant's request size (issue 22): a tus client's usual chunk. */
const TUS_PATCH_MIB = 64;
const FOLDER_PREFIX = "coffer-bench-";

const argValue = (name) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
};
const sections = new Set((argValue("--only") ?? "transfer,tus,s3,concurrency,range,dashboard").split(","));
const withFlask = process.argv.includes("--flask");
const withProfile = process.argv.includes("--profile");
const cryptoThreads = argValue("--crypto-threads") ?? null;
const beforeRoot = argValue("--before") ? path.resolve(argValue("--before")) : null;
const sizeMiB = Number(process.env.BENCH_SIZE_MIB ?? 1024);
if (!Number.isFinite(sizeMiB) || sizeMiB <= 0) {
  console.error(`BENCH_SIZE_MIB must be a positive number of MiB (got "${process.env.BENCH_SIZE_MIB}").`);
  process.exit(2);
}
const size = Math.round(sizeMiB * MiB);
const transferRounds = Number(process.env.BENCH_ROUNDS ?? 3);
if (!Number.isInteger(transferRounds) || transferRounds < 1) {
  console.error(`BENCH_ROUNDS must be a whole number of rounds, 1 or more (got "${process.env.BENCH_ROUNDS}").`);
  process.exit(2);
}

const log = (message) => console.log(`▸ ${message}`);
const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
const percent = (ratio) => `${fixed(ratio * 100)}%`;
const median = (values) => percentile(values, 50);
/** The clock of a V8 CPU profile's timestamps (and of the `windows` of summariseProfile). */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);
const signed = (value) => `${value >= 0 ? "+" : "−"}${fixed(Math.abs(value), 2)}`;
function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Everything the bench starts or creates, so that any way out cleans it up.
const servers = [];
const samplers = [];
let folder;
let interrupted = false;
const problems = [];

async function cleanUp() {
  await Promise.all(samplers.map((sampler) => sampler.stop().catch(() => {})));
  await Promise.all(servers.map((server) => server.stop().catch(() => {})));
  if (folder) {
    // A PostgreSQL database is noted in its Coffer's data folder, two levels down.
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }))
      if (entry.isDirectory()) dropThrowawayDatabases(path.join(folder, entry.name));
    fs.rmSync(folder, { recursive: true, force: true });
  }
  folder = undefined;
}
process.on("exit", () => {
  for (const server of servers) void server.kill();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: stopping the servers and removing the bench folder…`);
    cleanUp().finally(() => process.exit(130));
  });
}

/** Folders of earlier runs that were killed before they could clean up. */
function removeAbandonedFolders() {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = Number(new RegExp(`^${FOLDER_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if (error.code === "ESRCH") fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    }
  }
}

async function idleRss(pid) {
  const samples = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssMiB(pid));
    await sleep(50);
  }
  return median(samples);
}

/** Empties a store's folder between transfers: a GiB kept in the page cache skews the next server's write. */
function dropStoredFiles(dir) {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
}

// ---- Servers ------------------------------------------------------------------------------------------

async function startCofferTarget({ label, root: dir, profileDir, s3 = null, database }) {
  const port = await freePort();
  const storage = s3 ? s3StorageSettings({ endpoint: s3.endpoint, prefix: "bench/" }) : {};
  const env = cofferEnvironment({
    root: dir,
    dir: fs.mkdtempSync(path.join(folder, `${label.replace(/\W/g, "-")}-`)),
    port,
    size,
    storage,
    database,
  });
  // --crypto-threads N: the transfers' cipher in N worker threads (0: on the event loop, as before decision 075).
  if (cryptoThreads !== null) env.TRANSFER_CRYPTO_THREADS = cryptoThreads;
  // The event-loop probe (scripts/bench/event-loop-probe.mjs) reports here on SIGUSR2.
  env.BENCH_EVENT_LOOP_FILE = path.join(env.STORAGE_DIR, "..", "event-loop.json");
  const probe = ["--import", pathToFileURL(path.join(root, "scripts", "bench", "event-loop-probe.mjs")).href];
  const server = profileDir
    ? startServerProcess({
        label,
        command: process.execPath,
        args: [
          ...(await checkoutNodeFlags(dir)),
          "--cpu-prof",
          `--cpu-prof-dir=${profileDir}`,
          "--require",
          path.join(root, "scripts", "bench", "exit-on-sigterm.cjs"),
          ...probe,
          path.join(dir, ".next", "coffer-server.js"),
        ],
        cwd: dir,
        env,
        port,
        ready: /Coffer is listening on/,
        timeoutMs: 180_000,
      })
    : await startCoffer({ root: dir, env, port, extraNodeFlags: probe });
  servers.push(server);
  const usernames = Array.from({ length: 6 }, (_, i) => `bench${i}`);
  const password = randomBytes(18).toString("base64url");
  await Promise.all([server.ready, createUsers({ root: dir, env, usernames, password })]);
  // Idle as a fresh server idles: before any sign-in starts the password workers (they stop after 30 s idle).
  const pid = findListeningPid(server.pid, port);
  await sleep(2_000);
  const startIdle = await idleRss(pid);
  const cookies = [];
  for (const username of usernames) cookies.push(await signIn({ port, identifier: username, password }));
  const sampler = new RssSampler(pid);
  samplers.push(sampler);
  return {
    label,
    kind: "coffer",
    startIdle,
    root: dir,
    env,
    port,
    pid,
    server,
    sampler,
    cookies,
    // s3rver keeps each object as a file under its folder: emptied between transfers like the local store.
    storage: s3 ? path.join(s3.directory, TEST_S3_BUCKET, "bench") : path.join(env.STORAGE_DIR, "blobs"),
    s3,
  };
}

async function startBaseline() {
  const port = await freePort();
  const storage = path.join(folder, "baseline-storage");
  fs.mkdirSync(storage, { recursive: true });
  const server = startServerProcess({
    label: "Baseline",
    command: process.execPath,
    args: [path.join(root, "scripts", "bench", "baseline-server.mjs"), storage, String(port)],
    cwd: root,
    env: process.env,
    port,
    ready: /Baseline is listening on/,
  });
  servers.push(server);
  await server.ready;
  const pid = findListeningPid(server.pid, port);
  const sampler = new RssSampler(pid);
  samplers.push(sampler);
  return { label: "Baseline", kind: "baseline", port, pid, server, sampler, storage };
}

const base = (target) => target.baseUrl ?? `http://127.0.0.1:${target.port}`;

function upload(target, file, { cookie = target.cookies?.[0], filename } = {}) {
  return target.kind === "coffer"
    ? curlUpload({ url: `${base(target)}/api/files`, cookie, file, filename, extraArgs: target.curlArgs })
    : curlPutRaw({ url: `${base(target)}/files`, file });
}

function download(target, id, out, { cookie = target.cookies?.[0], range } = {}) {
  const url = target.kind === "coffer" ? `${base(target)}/api/files/${id}/download` : `${base(target)}/files/${id}`;
  return curlDownload({ url, cookie, out, range, extraArgs: target.curlArgs });
}

const storedId = (target, result) => (target.kind === "coffer" ? result.answer.files[0].id : result.answer.id);

// ---- Sections -----------------------------------------------------------------------------------------

/** One measured transfer: wall time from curl, the server's CPU time and its memory, idle before and peak during. */
async function measure(target, label, transfer) {
  await sleep(1_000); // let the previous transfer's garbage settle before reading "idle"
  const idle = await idleRss(target.pid);
  const cpuBefore = cpuSeconds(target.pid);
  const s3CpuBefore = target.s3 ? cpuSeconds(target.s3.pid) : 0;
  await target.sampler.reset();
  const result = await transfer();
  const peak = await target.sampler.peak();
  const cpu = cpuSeconds(target.pid) - cpuBefore;
  const s3Cpu = target.s3 ? cpuSeconds(target.s3.pid) - s3CpuBefore : NaN;
  return {
    s3CpuPerGiB: s3Cpu / (size / GiB),
    label,
    result,
    seconds: result.seconds,
    mibPerSecond: size / MiB / result.seconds,
    cpu,
    cpuPerGiB: cpu / (size / GiB),
    idle,
    peak,
  };
}

/** Folds one target's rounds into a row: median seconds and CPU, the spread of CPU s/GiB, the largest memory rise. */
function foldRounds(label, rounds) {
  const seconds = median(rounds.map((r) => r.seconds));
  const cpu = median(rounds.map((r) => r.cpu));
  const worst = rounds.reduce((a, b) => (b.peak - b.idle > a.peak - a.idle ? b : a));
  const perGiB = rounds.map((r) => r.cpuPerGiB);
  return {
    s3CpuPerGiB: median(rounds.map((r) => r.s3CpuPerGiB)),
    label,
    seconds,
    mibPerSecond: size / MiB / seconds,
    cpu,
    cpuPerGiB: cpu / (size / GiB),
    spread: [Math.min(...perGiB), Math.max(...perGiB)],
    idle: worst.idle,
    peak: worst.peak,
  };
}

async function transferSection({ targets, payload, payloadSha }) {
  for (const target of targets) {
    // Warm up: the first request of each route loads its code.
    const small = path.join(folder, "warm-up.bin");
    writePayload(small, MiB);
    const warm = await upload(target, small);
    await download(target, storedId(target, warm), path.join(folder, "warm-up.out"));
  }
  // The targets take turns, round after round: a slow spell of the machine (other work, or the host's other
  // tenants: see docs/performance.md) then falls on every target instead of on one, and the medians drop it.
  const rounds = new Map(targets.map((target) => [target, { up: [], down: [] }]));
  for (let round = 1; round <= transferRounds; round++) {
    for (const target of targets) {
      log(`${target.label}: upload of ${fixed(sizeMiB, 0)} MiB and download (round ${round} of ${transferRounds})`);
      const up = await measure(target, `${target.label} upload`, () => upload(target, payload));
      const out = path.join(folder, `${target.label}-download.bin`);
      const down = await measure(target, `${target.label} download`, () => download(target, storedId(target, up.result), out));
      // Checked outside the timed part.
      if (target.kind === "coffer" && up.result.answer.files[0].sha256 !== payloadSha)
        problems.push(`${target.label} recorded another SHA-256`);
      if ((await sha256OfFile(out)) !== payloadSha) problems.push(`${target.label}'s download differs from the payload`);
      fs.rmSync(out, { force: true });
      dropStoredFiles(target.storage);
      rounds.get(target).up.push(up);
      rounds.get(target).down.push(down);
    }
  }
  return targets.map((target) => ({
    target,
    up: foldRounds(`${target.label} upload`, rounds.get(target).up),
    down: foldRounds(`${target.label} download`, rounds.get(target).down),
  }));
}

/** `payload` cut into files of `pieceSize` bytes (curl sends whole files), written before the timed part. */
function splitPayload(payload, pieceSize) {
  const pieces = [];
  const buffer = Buffer.allocUnsafe(MiB);
  const fd = fs.openSync(payload, "r");
  try {
    for (let offset = 0; offset < size; offset += pieceSize) {
      const file = path.join(folder, `tus-piece-${pieces.length}.bin`);
      const end = Math.min(size, offset + pieceSize);
      const out = fs.openSync(file, "w");
      for (let at = offset; at < end;) {
        const read = fs.readSync(fd, buffer, 0, Math.min(MiB, end - at), at);
        fs.writeSync(out, buffer, 0, read);
        at += read;
      }
      fs.closeSync(out);
      pieces.push({ file, offset, bytes: end - offset });
    }
  } finally {
    fs.closeSync(fd);
  }
  return pieces;
}

/**
 * One upload through tus: the creation (POST), then a PATCH per piece, one after the other, each from the offset the
 * last one answered. Answers the requests' own seconds added up (curl's, as for the other uploads: not the start of
 * each curl process between them), the File's id, and each PATCH's seconds, the server's CPU seconds during it and
 * when it ran (monotonic microseconds, for the profile).
 */
async function tusUpload(target, pieces, { cookie, filename = "bench-tus.bin" }) {
  const length = pieces.reduce((sum, piece) => sum + piece.bytes, 0);
  const created = await curlTusCreate({ url: `${base(target)}/api/uploads`, cookie, length, filename });
  const url = new URL(created.location, base(target)).href;
  const patches = [];
  let sent;
  for (const piece of pieces) {
    const cpuBefore = cpuSeconds(target.pid);
    const from = monotonicMicros();
    sent = await curlTusPatch({ url, cookie, file: piece.file, offset: piece.offset });
    patches.push({ seconds: sent.seconds, cpu: cpuSeconds(target.pid) - cpuBefore, window: [from, monotonicMicros()] });
    if (sent.uploadOffset !== piece.offset + piece.bytes)
      throw new Error(`tus PATCH at ${piece.offset} answered Upload-Offset ${sent.uploadOffset}, not ${piece.offset + piece.bytes}`);
  }
  if (!sent.fileId) throw new Error(`the last tus PATCH of ${url} answered no Coffer-File-Id`);
  return { seconds: created.seconds + patches.reduce((sum, p) => sum + p.seconds, 0), fileId: sent.fileId, patches };
}

/**
 * Issue 22: the payload through tus in PATCHes of TUS_PATCH_MIB and in one PATCH, a multipart upload through the same
 * Coffer and the baseline's upload, taking turns round after round (as in transferSection). The SHA-256 Coffer
 * recorded for each upload is checked afterwards, from its database (a tus answer does not carry it).
 */
async function tusSection({ coffer, baseline, payload, payloadSha }) {
  const pieces = splitPayload(payload, TUS_PATCH_MIB * MiB);
  const whole = [{ file: payload, offset: 0, bytes: size }];
  const cookie = coffer.cookies[2];
  // Warm up: the first request of each route loads its code.
  const small = path.join(folder, "warm-up.bin");
  writePayload(small, MiB);
  await upload(coffer, small);
  await tusUpload(coffer, [{ file: small, offset: 0, bytes: MiB }], { cookie });
  await upload(baseline, small);
  dropStoredFiles(coffer.storage);
  const chunked = `Coffer tus, ${TUS_PATCH_MIB} MiB PATCHes`;
  const variants = [
    { label: "Coffer multipart", target: coffer, run: () => upload(coffer, payload) },
    { label: "Coffer tus, 1 PATCH", target: coffer, run: () => tusUpload(coffer, whole, { cookie }) },
    { label: chunked, target: coffer, run: () => tusUpload(coffer, pieces, { cookie }) },
    { label: "Baseline upload", target: baseline, run: () => upload(baseline, payload) },
  ];
  const rounds = new Map(variants.map((variant) => [variant, []]));
  const fileIds = [];
  for (let round = 1; round <= transferRounds; round++) {
    for (const variant of variants) {
      log(`${variant.label}: upload of ${fixed(sizeMiB, 0)} MiB (round ${round} of ${transferRounds})`);
      const up = await measure(variant.target, variant.label, variant.run);
      dropStoredFiles(variant.target.storage);
      if (up.result.fileId) fileIds.push(up.result.fileId);
      else if (variant.target.kind === "coffer" && up.result.answer.files[0].sha256 !== payloadSha)
        problems.push(`${variant.label} recorded another SHA-256`);
      rounds.get(variant).push(up);
    }
  }
  const recorded = await recordedHashes({ root, env: coffer.env, ids: fileIds, out: path.join(folder, "tus-hashes.json") });
  for (const id of fileIds) if (recorded[id] !== payloadSha) problems.push(`tus upload ${id} recorded another SHA-256`);
  for (const piece of pieces) fs.rmSync(piece.file, { force: true });

  // The last PATCH against the others (not the first either, which also sniffs the type and starts the blob): the
  // difference is the final hash's decrypting read, with the commit and the File's row that every upload pays.
  const finalHash = rounds.get(variants[2]).map(({ result: { patches } }) => {
    const others = patches.length > 2 ? patches.slice(1, -1) : patches.slice(0, -1);
    const last = patches.at(-1);
    return {
      last: last.seconds,
      others: median(others.map((p) => p.seconds)),
      seconds: last.seconds - median(others.map((p) => p.seconds)),
      cpu: last.cpu - median(others.map((p) => p.cpu)),
      othersMiBPerSecond: median(others.map((p) => TUS_PATCH_MIB / p.seconds)),
      othersCpuPerGiB: median(others.map((p) => p.cpu / (TUS_PATCH_MIB / 1024))),
    };
  });
  const rows = variants.map((variant) => foldRounds(variant.label, rounds.get(variant)));
  const chunkedPatches = rounds.get(variants[2]).map(({ result: { patches } }) => patches);
  return {
    rows,
    patches: pieces.length,
    // With --profile: where the server's CPU went during the last PATCHes, and during one PATCH from the middle.
    windows: {
      last: chunkedPatches.map((patches) => patches.at(-1).window),
      middle: chunkedPatches.map((patches) => patches[Math.floor(patches.length / 2)].window),
    },
    finalHash: Object.fromEntries(
      ["last", "others", "seconds", "cpu", "othersMiBPerSecond", "othersCpuPerGiB"].map((k) => [k, median(finalHash.map((h) => h[k]))]),
    ),
  };
}

async function concurrencySection({ target }) {
  const uploadSize = 50 * MiB;
  const downloadSize = 100 * MiB;
  const upFile = path.join(folder, "concurrent-up.bin");
  const upSha = writePayload(upFile, uploadSize);
  // 20 at once: 5 users with 4 uploads each (MAX_CONCURRENT_UPLOADS is 4 per user).
  log("concurrency: 20 uploads of 50 MiB at once");
  const upStarted = performance.now();
  const ups = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) => upload(target, upFile, { cookie: target.cookies?.[i % 5], filename: `concurrent-${i}.bin` })),
  );
  const upSeconds = (performance.now() - upStarted) / 1000;
  // Coffer records each file's SHA-256; the baseline only its byte count (its downloads below are hashed).
  const stored = (r) => (target.kind === "coffer" ? r.value.answer.files[0].sha256 === upSha : r.value.answer.bytes === uploadSize);
  const upErrors = ups.filter((r) => r.status === "rejected" || !stored(r));

  const downFile = path.join(folder, "concurrent-down.bin");
  const downSha = writePayload(downFile, downloadSize);
  const shared = await upload(target, downFile, { cookie: target.cookies?.[5] });
  const id = storedId(target, shared);
  log(
    `concurrency: 50 downloads of one 100 MiB file at once${target.kind === "coffer" ? ", the dashboard and the sign-in page opened meanwhile" : ""}`,
  );
  const outDir = fs.mkdtempSync(path.join(folder, "concurrent-out-"));
  const eventLoop = target.env?.BENCH_EVENT_LOOP_FILE ? await eventLoopDelay(target) : null; // starts the probe's count over
  const downStarted = performance.now();
  const downloading = Promise.allSettled(
    Array.from({ length: 50 }, (_, i) => download(target, id, path.join(outDir, `${i}.bin`), { cookie: target.cookies?.[5] })),
  );
  // What another person waits for meanwhile: the dashboard (signed in) and the sign-in page, every half second.
  const pages = target.kind === "coffer" ? pagesMeanwhile(target, downloading) : null;
  const downs = await downloading;
  const downSeconds = (performance.now() - downStarted) / 1000;
  const meanwhile = pages ? await pages : null;
  const loop = eventLoop ? await eventLoopDelay(target) : null;
  let downErrors = downs.filter((r) => r.status === "rejected").length;
  for (let i = 0; i < downs.length; i++) {
    const file = path.join(outDir, `${i}.bin`);
    if (downs[i].status === "fulfilled" && (await sha256OfFile(file)) !== downSha) downErrors++;
    fs.rmSync(file, { force: true });
  }
  const firstBytes = downs.filter((r) => r.status === "fulfilled").map((r) => r.value.firstByte * 1000);
  const upTimes = ups.filter((r) => r.status === "fulfilled").map((r) => r.value.seconds * 1000);
  for (const r of [...ups, ...downs]) if (r.status === "rejected") problems.push(`concurrency: ${r.reason.message}`);
  dropStoredFiles(target.storage);
  return {
    uploads: {
      errors: upErrors.length,
      mibPerSecond: (20 * uploadSize) / MiB / upSeconds,
      p50: percentile(upTimes, 50),
      p99: percentile(upTimes, 99),
    },
    downloads: {
      errors: downErrors,
      mibPerSecond: (50 * downloadSize) / MiB / downSeconds,
      p50: percentile(firstBytes, 50),
      p99: percentile(firstBytes, 99),
    },
    meanwhile,
    eventLoop: loop,
  };
}

/**
 * Opens the dashboard (as bench1, signed in) and the sign-in page every 500 ms until `until` settles, one request of
 * each at a time, and answers their times (whole response, ms) and errors. fetch from the bench's own process.
 */
async function pagesMeanwhile(target, until) {
  let done = false;
  until.then(() => (done = true));
  const times = { dashboard: [], signIn: [] };
  let errors = 0;
  const timed = async (url, headers) => {
    const started = performance.now();
    try {
      const response = await fetch(url, { headers, redirect: "manual" });
      await response.arrayBuffer();
      if (response.status !== 200) errors++;
    } catch {
      errors++;
    }
    return performance.now() - started;
  };
  while (!done) {
    const tick = sleep(500);
    const [dashboard, signIn] = await Promise.all([
      timed(`${base(target)}/dashboard`, { cookie: target.cookies[1] }),
      timed(`${base(target)}/login`, {}),
    ]);
    times.dashboard.push(dashboard);
    times.signIn.push(signIn);
    await tick;
  }
  const summary = (values) => ({
    count: values.length,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: Math.max(...values),
  });
  return { dashboard: summary(times.dashboard), signIn: summary(times.signIn), errors };
}

/** The server's event-loop delay since the probe's last report (scripts/bench/event-loop-probe.mjs), in ms. */
async function eventLoopDelay(target) {
  const file = target.env.BENCH_EVENT_LOOP_FILE;
  fs.rmSync(file, { force: true });
  process.kill(target.pid, "SIGUSR2");
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await sleep(50);
  if (!fs.existsSync(file))
    throw new Error(`${target.label} wrote no event-loop figures (is scripts/bench/event-loop-probe.mjs preloaded?)`);
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** User + system CPU seconds of the whole machine, and all its CPU seconds (busy or not), from /proc/stat. */
function machineCpu() {
  const [, ...ticks] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
  const idle = ticks[3] + ticks[4]; // idle, iowait
  const total = ticks.slice(0, 8).reduce((sum, t) => sum + t, 0);
  return { busy: total - idle, total };
}

/**
 * The concurrency section three times on one database and one store: against node A directly, through nginx with
 * TLS in front of node A alone, and through nginx in front of nodes A and B (deploy/nginx/coffer.conf, by
 * scripts/throwaway-nginx.mjs; curl trusts its throwaway certificate). Each run also notes the CPU seconds of each
 * node and of nginx, and how busy the machine's cores were.
 */
async function clusterSection() {
  const binary = nginxBinary();
  if (!binary) return { skipped: "nginx is not installed (Debian: apt-get install nginx)" };
  const dir = fs.mkdtempSync(path.join(folder, "cluster-"));
  let storage = {};
  let store;
  if (process.env.BENCH_CLUSTER_STORE === "s3") {
    const s3 = await startS3TestServer({ root, directory: path.join(dir, "s3") });
    servers.push(s3);
    await s3.ready;
    storage = s3StorageSettings({ endpoint: s3.endpoint, prefix: "cluster/" });
    store = { label: "the S3 test server", pid: s3.pid, folder: path.join(s3.directory, TEST_S3_BUCKET, "cluster") };
  }
  const [portA, portB, onePort, oneHttp, twoPort, twoHttp] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  // One database and one store for both: node B's environment is node A's with its own port and name.
  const shared = cofferEnvironment({ root, dir: fs.mkdtempSync(path.join(dir, "nodes-")), port: portA, size: 100 * MiB, storage });
  const common = { ...shared, APP_URL: `https://localhost:${twoPort}`, TRUSTED_PROXIES: "127.0.0.1" };
  const envs = [
    { ...common, PORT: String(portA), NODE_NAME: "node-a" },
    { ...common, PORT: String(portB), NODE_NAME: "node-b" },
  ];
  store ??= { label: "the local disk", folder: path.join(shared.STORAGE_DIR, "blobs") };
  const nodes = await Promise.all(
    envs.map(async (env) => {
      const server = await startCoffer({ root, env, port: Number(env.PORT) });
      servers.push(server);
      return { server, port: Number(env.PORT), label: env.NODE_NAME };
    }),
  );
  const usernames = Array.from({ length: 6 }, (_, i) => `cluster${i}`);
  const password = randomBytes(18).toString("base64url");
  await Promise.all([...nodes.map((node) => node.server.ready), createUsers({ root, env: envs[0], usernames, password })]);
  for (const node of nodes) node.pid = findListeningPid(node.server.pid, node.port);
  // Signed in on node A: the session is good on both (one AUTH_SECRET, one database).
  const cookies = [];
  for (const username of usernames) cookies.push(await signIn({ port: portA, identifier: username, password }));
  const proxies = [
    { port: onePort, httpPort: oneHttp, nodes: [nodes[0]] },
    { port: twoPort, httpPort: twoHttp, nodes },
  ].map((opts) => {
    const proxy = startThrowawayNginx({
      binary,
      dir: fs.mkdtempSync(path.join(dir, "nginx-")),
      maxFileSize: Number(shared.MAX_FILE_SIZE),
      ...opts,
    });
    servers.push(proxy);
    return proxy;
  });
  await Promise.all(proxies.map((proxy) => proxy.ready));
  const via = (proxy) => ({ baseUrl: proxy.url, curlArgs: ["--cacert", proxy.certificate] });
  const targets = [
    { label: "one node, direct (HTTP)", port: portA, nginx: null },
    { label: "one node behind nginx (TLS)", ...via(proxies[0]), nginx: proxies[0] },
    { label: "two nodes behind nginx (TLS)", ...via(proxies[1]), nginx: proxies[1] },
  ];
  const rows = [];
  for (const target of targets) {
    await sleep(2_000);
    const processes = [...nodes, ...(target.nginx ? [{ label: "nginx", pids: () => descendants(target.nginx.pid) }] : [])];
    if (store.pid) processes.push({ label: "s3rver", pids: () => [store.pid] });
    const cpu = () => processes.map((p) => (p.pids ? p.pids() : [p.pid]).reduce((sum, pid) => sum + cpuSeconds(pid), 0));
    const machineBefore = machineCpu();
    const cpuBefore = cpu();
    const started = performance.now();
    const result = await concurrencySection({ target: { kind: "coffer", cookies, storage: store.folder, ...target } });
    const seconds = (performance.now() - started) / 1000;
    const machineAfter = machineCpu();
    const used = cpu().map((after, i) => after - cpuBefore[i]);
    rows.push({
      label: target.label,
      ...result,
      seconds,
      cpu: processes.map((p, i) => ({ label: p.label, seconds: used[i] })),
      machineBusy: (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
    });
  }
  const database = testDatabaseProvider() === "postgresql" ? "PostgreSQL" : "SQLite";
  return { rows, setting: `${database}, ${store.label}; nginx ${nginxVersion(binary)}, curl over HTTP/1.1` };
}

function nginxVersion(binary) {
  const run = spawnSync(binary, ["-v"], { encoding: "utf8" });
  return /nginx\/(\S+)/.exec(`${run.stderr}${run.stdout}`)?.[1] ?? "?";
}

async function rangeSection({ target }) {
  const bigSize = 2 * GiB;
  const file = path.join(folder, "range-2GiB.bin");
  log("range: uploading a 2 GiB file");
  writePayload(file, bigSize);
  const stored = await upload(target, file, { cookie: target.cookies[5] });
  fs.rmSync(file, { force: true });
  const id = storedId(target, stored);
  const far = Math.floor(1.9 * GiB);
  const out = path.join(folder, "range.out");
  const near = [];
  const farAway = [];
  for (let i = 0; i < 7; i++) {
    near.push((await download(target, id, out, { cookie: target.cookies[5], range: `0-${MiB - 1}` })).firstByte * 1000);
    farAway.push((await download(target, id, out, { cookie: target.cookies[5], range: `${far}-${far + MiB - 1}` })).firstByte * 1000);
  }
  fs.rmSync(out, { force: true });
  dropStoredFiles(target.storage);
  return { near: median(near.slice(2)), far: median(farAway.slice(2)) };
}

const SEARCH_PAGE = "/dashboard?q=budget-0";

/** Each target's median server time per page (a Map): the targets take turns request by request, as in transfers. */
async function dashboardSection({ targets }) {
  const pages = [
    ["first page", "/dashboard"],
    ["sorted by name", "/dashboard?sort=name&dir=asc"],
    ["sorted by size", "/dashboard?sort=size&dir=desc"],
    ["search", SEARCH_PAGE],
  ];
  const get = async (target, page) => {
    const response = await fetch(`${base(target)}${page}`, { headers: { cookie: target.cookies[5] } });
    if (response.status !== 200) problems.push(`${target.label}: dashboard ${page} answered ${response.status}`);
    await response.arrayBuffer();
  };
  for (const target of targets) {
    log(`${target.label}, dashboard: seeding 10,000 files of one user`);
    await seedFiles({ root: target.root, env: target.env, username: "bench5", count: 10_000 });
    // The first renders after a start include V8 compiling React's and Next.js's code: warm every page up first,
    // so the figures are the steady state (the first cold render is printed apart).
    const cold = Date.now();
    await get(target, pages[0][1]);
    log(`${target.label}, dashboard: the first render after the start took ${Date.now() - cold} ms (client's time)`);
    for (let round = 0; round < 3; round++) for (const [, page] of pages) await get(target, page);
  }
  const times = new Map(targets.map((target) => [target, pages.map(() => [])]));
  for (const [p, [, page]] of pages.entries()) {
    for (let i = 0; i < 8; i++) {
      for (const target of targets) {
        const before = requestLines(target, "/dashboard").length;
        await get(target, page);
        for (let waited = 0; requestLines(target, "/dashboard").length === before && waited < 2_000; waited += 20) await sleep(20);
        const line = requestLines(target, "/dashboard").at(-1);
        if (line) times.get(target)[p].push(line.durationMs);
      }
    }
  }
  return new Map(targets.map((target) => [target, pages.map(([label], p) => ({ label, ms: median(times.get(target)[p].slice(2)) }))]));
}

function requestLines(target, route) {
  return target.server
    .logs()
    .split("\n")
    .filter((line) => line.includes('"msg":"request"') && line.includes(`"route":"${route}"`))
    .map((line) => JSON.parse(line));
}

function flaskSection(payload) {
  const script = path.resolve(root, "..", "shared", "peers", "flask-reference", "bench.sh");
  if (!fs.existsSync(script)) return { skipped: `no ${script}` };
  log("Flask reference design: upload and download through gunicorn");
  const run = spawnSync("bash", [script, payload, String(5050 + (process.pid % 1000))], { encoding: "utf8" });
  const match = /upload_MiBps=(\d+) download_MiBps=(\d+) byte_exact=(\w+)/.exec(run.stdout);
  if (run.status !== 0 || !match) return { skipped: `it did not run (${(run.stderr || run.stdout).trim().split("\n").at(-1)})` };
  if (match[3] !== "yes") problems.push("the Flask reference returned other bytes");
  return { upload: Number(match[1]), download: Number(match[2]) };
}

/** s3rver alone: the payload up in 5 MiB parts and down in one GET through the AWS SDK, with s3rver's CPU. */
async function s3AloneSection({ s3, payload }) {
  const run = (direction) => {
    const before = cpuSeconds(s3.pid);
    const child = spawnSync(
      process.execPath,
      [path.join(root, "scripts", "bench", "s3-alone.mjs"), direction, s3.endpoint, TEST_S3_BUCKET, "alone/payload", payload],
      { cwd: root, encoding: "utf8" },
    );
    if (child.status !== 0) throw new Error(`s3-alone ${direction} failed: ${child.stderr.trim().split("\n").at(-1)}`);
    const { seconds, bytes } = JSON.parse(child.stdout.trim().split("\n").at(-1));
    if (bytes !== size) problems.push(`s3rver alone: ${direction} moved ${bytes} bytes, not ${size}`);
    return { seconds, mibPerSecond: size / MiB / seconds, s3CpuPerGiB: (cpuSeconds(s3.pid) - before) / (size / GiB) };
  };
  log(`s3rver alone: ${fixed(sizeMiB, 0)} MiB up and down with the AWS SDK`);
  const up = run("up");
  const down = run("down");
  dropStoredFiles(path.join(s3.directory, TEST_S3_BUCKET, "alone"));
  return { up, down };
}

// ---- Report -------------------------------------------------------------------------------------------

function printTransfers(rows) {
  printTable(rows.flatMap((r) => [r.up, r.down]));
  console.log(
    `Medians of ${transferRounds} rounds (BENCH_ROUNDS), the targets taking turns; spread: the lowest and highest CPU s/GiB of the rounds.`,
  );
  console.log("CPU: user + system seconds of the serving process (all its threads) during the transfer. RSS in MiB, sampled every 50 ms;");
  console.log("idle and peak are those of the round whose memory rose most.");
}

/** One line per row of foldRounds. */
function printTable(rows) {
  const columns = [
    ["Transfer", (r) => r.label, 28],
    ["Seconds", (r) => fixed(r.seconds, 2), 8],
    ["MiB/s", (r) => fixed(r.mibPerSecond), 8],
    ["CPU s", (r) => fixed(r.cpu, 2), 7],
    ["CPU s/GiB", (r) => fixed(r.cpuPerGiB, 2), 9],
    ["(spread)", (r) => `${fixed(r.spread[0], 1)}–${fixed(r.spread[1], 1)}`, 9],
    ["Idle RSS", (r) => fixed(r.idle), 9],
    ["Peak RSS", (r) => fixed(r.peak), 9],
    ["Peak − idle", (r) => `${r.peak - r.idle >= 0 ? "+" : ""}${fixed(r.peak - r.idle)}`, 11],
  ];
  const cell = (text, width, first) => (first ? String(text).padEnd(width) : String(text).padStart(width));
  console.log(columns.map(([title, , width], i) => cell(title, width, i === 0)).join("  "));
  console.log(columns.map(([, , width]) => "─".repeat(width)).join("  "));
  for (const row of rows) console.log(columns.map(([, value, width], i) => cell(value(row), width, i === 0)).join("  "));
}

async function main() {
  removeAbandonedFolders();
  console.log(`Coffer bench, ${new Date().toISOString()}: Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}`);
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} (other work on this machine skews MiB/s; CPU s/GiB is steadier)\n`,
  );
  log(`Production build: ${await ensureBuild(root, log)}`);
  log(
    `Transfers' cipher: ${cryptoThreads === null ? `TRANSFER_CRYPTO_THREADS's default (${os.availableParallelism()} threads)` : cryptoThreads === "0" ? "on the event loop (TRANSFER_CRYPTO_THREADS=0)" : `${cryptoThreads} worker thread(s)`}`,
  );
  if (beforeRoot && !fs.existsSync(path.join(beforeRoot, ".next", "coffer-server.js")))
    throw new Error(`${beforeRoot} has no build: run npm run build there`);
  folder = fs.mkdtempSync(path.join(os.tmpdir(), `${FOLDER_PREFIX}${process.pid}-`));
  const profileDir = withProfile ? path.join(folder, "profile") : null;

  const coffer = await startCofferTarget({ label: "Coffer", root, profileDir: profileDir && path.join(profileDir, "now") });
  const s3 = sections.has("s3") && sections.has("transfer") ? await startS3TestServer({ root, directory: path.join(folder, "s3") }) : null;
  if (s3) {
    servers.push(s3);
    await s3.ready;
  }
  const cofferS3 = s3 ? await startCofferTarget({ label: "Coffer S3", root, s3 }) : null;
  const before = beforeRoot
    ? await startCofferTarget({ label: "Before", root: beforeRoot, profileDir: profileDir && path.join(profileDir, "before") })
    : null;
  const baseline = await startBaseline();
  log(`Coffer pid ${coffer.pid}${before ? `, before (${beforeRoot}) pid ${before.pid}` : ""}, baseline pid ${baseline.pid}`);
  await sleep(2_000);
  const idle = {
    coffer: coffer.startIdle,
    before: before?.startIdle ?? NaN,
    cofferSignedIn: await idleRss(coffer.pid),
    beforeSignedIn: before ? await idleRss(before.pid) : NaN,
  };

  const targets = [];
  let transfers;
  let tus;
  let s3Alone;
  let flask;
  let concurrency;
  let range;
  let dashboard;
  const payload = path.join(folder, "payload.bin");
  let payloadSha;
  if (sections.has("transfer") || sections.has("tus")) {
    log(`Writing the ${fixed(sizeMiB, 0)} MiB payload`);
    payloadSha = writePayload(payload, size);
  }
  if (sections.has("transfer")) {
    transfers = await transferSection({
      targets: [coffer, ...(cofferS3 ? [cofferS3] : []), ...(before ? [before] : []), baseline],
      payload,
      payloadSha,
    });
    if (s3) s3Alone = await s3AloneSection({ s3, payload });
    if (withFlask) flask = flaskSection(payload);
  }
  if (sections.has("tus")) tus = await tusSection({ coffer, baseline, payload, payloadSha });
  fs.rmSync(payload, { force: true });
  for (const target of [coffer, ...(before ? [before] : [])]) {
    const results = {};
    if (sections.has("concurrency")) results.concurrency = await concurrencySection({ target });
    if (sections.has("range")) results.range = await rangeSection({ target });
    targets.push({ target, ...results });
  }
  ({ concurrency, range } = targets[0]);
  // The same waves against the bare Node server, in the same run: the yardstick of the concurrency targets.
  const baselineConcurrency = sections.has("concurrency") ? await concurrencySection({ target: baseline }) : null;
  const cluster = sections.has("cluster") ? await clusterSection() : null;
  // The dashboard on PostgreSQL too, in a Coffer started only now so that it idles through none of the other sections.
  const onSqlite = testDatabaseProvider() === "sqlite";
  let postgres = {
    skipped: onSqlite
      ? "no PostgreSQL cluster: neither PGHOST nor COFFER_POSTGRES_ADMIN_URL is set; run under `pg_virtualenv -t`"
      : "COFFER_TEST_DATABASE=postgresql: the Coffer above ran on it",
  };
  if (sections.has("dashboard")) {
    const onPostgres =
      onSqlite && postgresAdminUrl() ? await startCofferTarget({ label: "Coffer PostgreSQL", root, database: "postgresql" }) : null;
    const results = await dashboardSection({ targets: [...targets.map((t) => t.target), ...(onPostgres ? [onPostgres] : [])] });
    for (const t of targets) t.dashboard = results.get(t.target);
    dashboard = targets[0].dashboard;
    if (onPostgres) {
      postgres = { dashboard: results.get(onPostgres) };
      postgres.plan = await searchPlan({
        root,
        env: onPostgres.env,
        username: "bench5",
        page: SEARCH_PAGE,
        out: path.join(folder, "search-plan.json"),
      });
      await onPostgres.server.stop();
    }
  }

  console.log("");
  if (transfers) printTransfers(transfers);
  const checks = [];
  const row = (label) => transfers?.find((r) => r.target.label === label);
  if (transfers) {
    const c = row("Coffer");
    const b = row("Baseline");
    const up = c.up.mibPerSecond / b.up.mibPerSecond;
    const down = c.down.mibPerSecond / b.down.mibPerSecond;
    console.log(`\nCoffer / baseline: upload ${percent(up)}, download ${percent(down)}`);
    console.log(
      `CPU s/GiB over the baseline: upload ${signed(c.up.cpuPerGiB - b.up.cpuPerGiB)}, download ${signed(c.down.cpuPerGiB - b.down.cpuPerGiB)}`,
    );
    const p = row("Before");
    if (p) {
      console.log(
        `Before → now: upload ${fixed(p.up.mibPerSecond)} → ${fixed(c.up.mibPerSecond)} MiB/s, ${fixed(p.up.cpuPerGiB, 2)} → ${fixed(c.up.cpuPerGiB, 2)} CPU s/GiB;`,
      );
      console.log(
        `              download ${fixed(p.down.mibPerSecond)} → ${fixed(c.down.mibPerSecond)} MiB/s, ${fixed(p.down.cpuPerGiB, 2)} → ${fixed(c.down.cpuPerGiB, 2)} CPU s/GiB;`,
      );
      console.log(
        `              idle RSS ${fixed(idle.before)} → ${fixed(idle.coffer)} MiB at start, ${fixed(idle.beforeSignedIn)} → ${fixed(idle.cofferSignedIn)} MiB after six sign-ins`,
      );
    }
    checks.push([`Upload ≥ ${percent(TARGETS.uploadRatio)} of baseline MiB/s`, percent(up), up >= TARGETS.uploadRatio]);
    checks.push([
      `Upload CPU ≤ baseline + ${TARGETS.uploadCpuOverBaseline} s/GiB`,
      `${fixed(c.up.cpuPerGiB, 2)} vs ${fixed(b.up.cpuPerGiB, 2)}`,
      c.up.cpuPerGiB <= b.up.cpuPerGiB + TARGETS.uploadCpuOverBaseline,
    ]);
    checks.push([`Download ≥ ${percent(TARGETS.downloadRatio)} of baseline MiB/s`, percent(down), down >= TARGETS.downloadRatio]);
    checks.push([
      `Download CPU ≤ baseline + ${TARGETS.downloadCpuOverBaseline} s/GiB`,
      `${fixed(c.down.cpuPerGiB, 2)} vs ${fixed(b.down.cpuPerGiB, 2)}`,
      c.down.cpuPerGiB <= b.down.cpuPerGiB + TARGETS.downloadCpuOverBaseline,
    ]);
    for (const r of [c.up, c.down]) {
      checks.push([
        `Peak RSS ≤ idle + ${TARGETS.rssHeadroomMiB} MiB (${r.label})`,
        `${fixed(r.idle)} → ${fixed(r.peak)} MiB`,
        r.peak - r.idle <= TARGETS.rssHeadroomMiB,
      ]);
    }
    const s3Row = row("Coffer S3");
    if (s3Row) {
      console.log(
        `\nS3 driver / local driver: upload ${percent(s3Row.up.mibPerSecond / c.up.mibPerSecond)}, download ${percent(s3Row.down.mibPerSecond / c.down.mibPerSecond)}; ` +
          `Coffer's CPU s/GiB ${fixed(s3Row.up.cpuPerGiB, 2)} up, ${fixed(s3Row.down.cpuPerGiB, 2)} down (local ${fixed(c.up.cpuPerGiB, 2)}, ${fixed(c.down.cpuPerGiB, 2)})`,
      );
      console.log(
        `s3rver's own CPU s/GiB while serving Coffer: ${fixed(s3Row.up.s3CpuPerGiB, 2)} up, ${fixed(s3Row.down.s3CpuPerGiB, 2)} down`,
      );
      if (s3Alone) {
        console.log(
          `s3rver alone (AWS SDK, 5 MiB parts, 2 in flight): up ${fixed(s3Alone.up.mibPerSecond)} MiB/s at ${fixed(s3Alone.up.s3CpuPerGiB, 2)} s3rver CPU s/GiB, ` +
            `down ${fixed(s3Alone.down.mibPerSecond)} MiB/s at ${fixed(s3Alone.down.s3CpuPerGiB, 2)}: Coffer on S3 reached ` +
            `${percent(s3Row.up.mibPerSecond / s3Alone.up.mibPerSecond)} and ${percent(s3Row.down.mibPerSecond / s3Alone.down.mibPerSecond)} of what s3rver takes alone`,
        );
      }
      checks.push([
        `Peak RSS ≤ idle + ${TARGETS.s3UploadRssHeadroomMiB} MiB (Coffer S3 upload)`,
        `${fixed(s3Row.up.idle)} → ${fixed(s3Row.up.peak)} MiB`,
        s3Row.up.peak - s3Row.up.idle <= TARGETS.s3UploadRssHeadroomMiB,
      ]);
    }
  }
  if (tus) {
    const [multipart, onePatch, chunked, baselineUp] = tus.rows;
    console.log(`\nResumable uploads (tus) next to a multipart upload, ${fixed(sizeMiB, 0)} MiB, one request at a time:`);
    printTable(tus.rows);
    console.log(
      `Medians of ${transferRounds} rounds (BENCH_ROUNDS), the four taking turns; a tus upload's seconds are its requests' own (curl's), the creation's included.`,
    );
    for (const r of [onePatch, chunked]) {
      const speed = r.mibPerSecond / multipart.mibPerSecond;
      const cpu = r.cpuPerGiB / multipart.cpuPerGiB;
      console.log(
        `${r.label} / multipart: ${percent(speed)} of its MiB/s, ${percent(cpu)} of its CPU s/GiB (${signed(r.cpuPerGiB - multipart.cpuPerGiB)}); ` +
          `${percent(r.mibPerSecond / baselineUp.mibPerSecond)} of the baseline's MiB/s`,
      );
      const name = r.label.replace(/^Coffer /, "");
      checks.push([`${name} ≥ ${percent(TARGETS.tusOverMultipart)} of multipart MiB/s`, percent(speed), speed >= TARGETS.tusOverMultipart]);
      checks.push([
        `${name}: CPU ≤ ${percent(TARGETS.tusCpuOverMultipart)} of multipart's`,
        `${fixed(r.cpuPerGiB, 2)} vs ${fixed(multipart.cpuPerGiB, 2)} s/GiB`,
        r.cpuPerGiB <= TARGETS.tusCpuOverMultipart * multipart.cpuPerGiB,
      ]);
      checks.push([
        `Peak RSS ≤ idle + ${TARGETS.rssHeadroomMiB} MiB (${name})`,
        `${fixed(r.idle)} → ${fixed(r.peak)} MiB`,
        r.peak - r.idle <= TARGETS.rssHeadroomMiB,
      ]);
    }
    const h = tus.finalHash;
    console.log(
      `The final hash (${tus.patches} PATCHes): the last PATCH took ${fixed(h.last, 2)} s against ${fixed(h.others, 2)} s for the others (median; ` +
        `${fixed(h.othersMiBPerSecond)} MiB/s and ${fixed(h.othersCpuPerGiB, 2)} CPU s/GiB each): ${signed(h.seconds)} s and ${signed(h.cpu)} CPU s (${signed(h.cpu / (size / GiB))} CPU s/GiB of the file)`,
    );
    console.log(
      `  ${TUS_PATCH_MIB} MiB PATCHes against 1 PATCH (hashed as it streams): ${signed(chunked.seconds - onePatch.seconds)} s, ` +
        `${signed(chunked.cpuPerGiB - onePatch.cpuPerGiB)} CPU s/GiB (the final read, and a request per ${TUS_PATCH_MIB} MiB)`,
    );
  }
  console.log(
    `\nIdle RSS of Coffer: ${fixed(idle.coffer)} MiB after its start, ${fixed(idle.cofferSignedIn)} MiB two seconds after six sign-ins (the password workers stay up for 30 s)`,
  );
  checks.push([
    `Idle RSS of the production server < ${TARGETS.idleRssMiB} MiB`,
    `${fixed(idle.coffer)} MiB`,
    idle.coffer < TARGETS.idleRssMiB,
  ]);
  if (flask) {
    if (flask.skipped) console.log(`\nFlask reference: skipped (${flask.skipped})`);
    else {
      const c = row("Coffer");
      const b = row("Baseline");
      console.log(`\nFlask reference: upload ${flask.upload} MiB/s, download ${flask.download} MiB/s`);
      console.log(
        `  its upload is ${percent(flask.upload / b.up.mibPerSecond)} of the baseline's, which fsyncs (Flask does not, and stores plaintext)`,
      );
      checks.push([
        `Upload ≥ ${TARGETS.uploadOverFlask}× Flask`,
        `${fixed(c.up.mibPerSecond / flask.upload, 2)}×`,
        c.up.mibPerSecond >= TARGETS.uploadOverFlask * flask.upload,
      ]);
      checks.push([
        `Download ≥ ${percent(TARGETS.downloadOverFlask)} of Flask (sendfile)`,
        percent(c.down.mibPerSecond / flask.download),
        c.down.mibPerSecond >= TARGETS.downloadOverFlask * flask.download,
      ]);
    }
  }
  if (concurrency) {
    const { uploads, downloads } = concurrency;
    console.log(
      `\nConcurrency: 20 × 50 MiB uploads: ${uploads.errors} errors, ${fixed(uploads.mibPerSecond)} MiB/s together, p50 ${fixed(uploads.p50, 0)} ms, p99 ${fixed(uploads.p99, 0)} ms each`,
    );
    console.log(
      `             50 × 100 MiB downloads: ${downloads.errors} errors, ${fixed(downloads.mibPerSecond)} MiB/s together, first byte p50 ${fixed(downloads.p50, 0)} ms, p99 ${fixed(downloads.p99, 0)} ms`,
    );
    checks.push(["No errors under concurrency", `${uploads.errors + downloads.errors} errors`, uploads.errors + downloads.errors === 0]);
    const b = baselineConcurrency;
    if (b) {
      console.log(
        `  baseline: 20 × 50 MiB uploads ${fixed(b.uploads.mibPerSecond)} MiB/s together (${b.uploads.errors} errors); ` +
          `50 × 100 MiB downloads ${fixed(b.downloads.mibPerSecond)} MiB/s together, first byte p50 ${fixed(b.downloads.p50, 0)} ms, p99 ${fixed(b.downloads.p99, 0)} ms (${b.downloads.errors} errors)`,
      );
      const up = uploads.mibPerSecond / b.uploads.mibPerSecond;
      const down = downloads.mibPerSecond / b.downloads.mibPerSecond;
      checks.push([
        `20 uploads together ≥ ${percent(TARGETS.concurrentUploadRatio)} of the baseline's`,
        percent(up),
        up >= TARGETS.concurrentUploadRatio,
      ]);
      checks.push([
        `50 downloads together ≥ ${percent(TARGETS.concurrentDownloadRatio)} of the baseline's`,
        percent(down),
        down >= TARGETS.concurrentDownloadRatio,
      ]);
      checks.push([
        "No errors in the baseline's waves",
        `${b.uploads.errors + b.downloads.errors} errors`,
        b.uploads.errors + b.downloads.errors === 0,
      ]);
    }
    checks.push([
      `First byte under 50 downloads: p99 ≤ ${TARGETS.firstByteP99Ms} ms`,
      `p50 ${fixed(downloads.p50, 0)} ms, p99 ${fixed(downloads.p99, 0)} ms`,
      downloads.p99 <= TARGETS.firstByteP99Ms,
    ]);
    const { meanwhile, eventLoop } = concurrency;
    if (meanwhile) {
      const { dashboard, signIn } = meanwhile;
      console.log(
        `  meanwhile, every 500 ms: the dashboard ${dashboard.count}× p50 ${fixed(dashboard.p50, 0)} ms, p99 ${fixed(dashboard.p99, 0)} ms, max ${fixed(dashboard.max, 0)} ms; ` +
          `the sign-in page ${signIn.count}× p50 ${fixed(signIn.p50, 0)} ms, p99 ${fixed(signIn.p99, 0)} ms, max ${fixed(signIn.max, 0)} ms; ${meanwhile.errors} errors`,
      );
      checks.push([
        `Dashboard during the downloads: p50 ≤ ${TARGETS.dashboardLoadedP50Ms} ms, p99 ≤ ${TARGETS.dashboardLoadedP99Ms} ms`,
        `p50 ${fixed(dashboard.p50, 0)} ms, p99 ${fixed(dashboard.p99, 0)} ms (${dashboard.count} opened)`,
        dashboard.p50 <= TARGETS.dashboardLoadedP50Ms && dashboard.p99 <= TARGETS.dashboardLoadedP99Ms && meanwhile.errors === 0,
      ]);
    }
    if (eventLoop) {
      console.log(
        `  the server's event-loop delay during the downloads: p50 ${eventLoop.p50} ms, p99 ${eventLoop.p99} ms, max ${eventLoop.max} ms`,
      );
      checks.push([
        `Event-loop delay during the downloads: p99 ≤ ${TARGETS.eventLoopP99Ms} ms`,
        `p99 ${eventLoop.p99} ms (max ${eventLoop.max} ms)`,
        eventLoop.p99 <= TARGETS.eventLoopP99Ms,
      ]);
    }
  }
  if (cluster?.skipped) console.log(`\nCluster: skipped (${cluster.skipped})`);
  else if (cluster) {
    console.log(`\nCluster (${cluster.setting}): 20 × 50 MiB uploads at once, then 50 × 100 MiB downloads at once`);
    for (const row of cluster.rows) {
      const { uploads, downloads } = row;
      console.log(
        `  ${`${row.label}:`.padEnd(31)} up ${fixed(uploads.mibPerSecond)} MiB/s (each p50 ${fixed(uploads.p50 / 1000, 1)} s, p99 ${fixed(uploads.p99 / 1000, 1)} s), ` +
          `down ${fixed(downloads.mibPerSecond)} MiB/s (first byte p50 ${fixed(downloads.p50, 0)} ms, p99 ${fixed(downloads.p99, 0)} ms), ` +
          `${uploads.errors + downloads.errors} errors`,
      );
      console.log(
        `  ${"".padEnd(31)} CPU s in ${fixed(row.seconds, 0)} s: ${row.cpu.map((c) => `${c.label} ${fixed(c.seconds, 1)}`).join(", ")}; ` +
          `the machine's ${os.cpus().length} cores ${percent(row.machineBusy)} busy`,
      );
    }
    const errors = cluster.rows.reduce((sum, row) => sum + row.uploads.errors + row.downloads.errors, 0);
    checks.push(["No errors in the cluster runs", `${errors} errors`, errors === 0]);
  }
  if (range) {
    console.log(
      `\nRange in a 2 GiB file, time to first byte (median of 5): offset 0 ${fixed(range.near, 1)} ms, offset 1.9 GiB ${fixed(range.far, 1)} ms`,
    );
    checks.push([
      `Range at 1.9 GiB ≤ ${TARGETS.rangeRatio}× the first byte at 0`,
      `${fixed(range.far / range.near, 2)}×`,
      range.far <= TARGETS.rangeRatio * range.near,
    ]);
  }
  if (dashboard) {
    const sqlite = onSqlite ? "SQLite" : "PostgreSQL";
    console.log(`\nDashboard with 10,000 files, the server's time (median of 6):`);
    for (const [i, d] of dashboard.entries()) {
      const onPostgres = postgres.dashboard ? `, PostgreSQL ${fixed(postgres.dashboard[i].ms, 1)} ms` : "";
      console.log(`  ${`${d.label}:`.padEnd(16)} ${sqlite} ${fixed(d.ms, 1)} ms${onPostgres}`);
    }
    if (postgres.skipped) console.log(`  PostgreSQL: did not run (${postgres.skipped})`);
    for (const [name, rows] of [
      [sqlite, dashboard],
      ["PostgreSQL", postgres.dashboard ?? []],
    ])
      for (const d of rows)
        checks.push([`Dashboard ${d.label} (${name}) < ${TARGETS.dashboardMs} ms`, `${fixed(d.ms, 1)} ms`, d.ms < TARGETS.dashboardMs]);
  }
  if (postgres.plan) {
    const { plan } = postgres.plan;
    const nodes = plan.filter((line) => /^\s*(->\s+)?[A-Z][A-Za-z ]+(\s+using\s+\S+)?(\s+on\s+\S+)?.*\(cost=/.test(line));
    const steps = nodes.map((line) => line.replace(/^\s*(->\s+)?/, "").replace(/\s+\(cost=.*/, ""));
    const removed = plan.map((line) => /Rows Removed by Filter: (\d+)/.exec(line)?.[1]).find(Boolean);
    const time = plan.map((line) => /Execution Time: ([\d.]+ ms)/.exec(line)?.[1]).find(Boolean);
    console.log(
      `PostgreSQL's plan of the search (${SEARCH_PAGE}): ${steps.join(" → ")}` +
        `${removed ? `, ${removed} rows removed by the filter` : ""}, ${time} to execute; ` +
        `the (ownerId, searchName) index is ${plan.some((line) => line.includes("File_ownerId_searchName_idx")) ? "" : "not "}used`,
    );
    if (process.env.BENCH_PLAN === "1") console.log(`${postgres.plan.sql}\n${JSON.stringify(postgres.plan.values)}\n${plan.join("\n")}`);
  }
  for (const extra of targets.slice(1)) {
    if (extra.concurrency) console.log(`\nBefore, concurrency: ${JSON.stringify(extra.concurrency)}`);
    if (extra.range)
      console.log(`Before, range: offset 0 ${fixed(extra.range.near, 1)} ms, offset 1.9 GiB ${fixed(extra.range.far, 1)} ms`);
    if (extra.dashboard) console.log(`Before, dashboard: ${extra.dashboard.map((d) => `${d.label} ${fixed(d.ms, 1)} ms`).join(", ")}`);
  }

  console.log("\nTargets");
  for (const [name, value, passed] of checks) console.log(`  ${name.padEnd(52)} ${String(value).padEnd(26)} ${passed ? "PASS" : "MISS"}`);
  console.log(
    `\nLoad average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );

  if (profileDir) {
    for (const [name, target] of [
      ["now", coffer],
      ["before", before],
    ]) {
      if (!target) continue;
      await target.server.stop(); // a graceful stop writes the profile
      const dir = path.join(profileDir, name);
      // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main thread. The others are the password
      // workers (piscina), whose wait for work would read as busy time.
      const files = (fs.existsSync(dir) ? fs.readdirSync(dir) : []).filter((file) => /^CPU\.\d+\.\d+\.\d+\.0\./.test(file));
      if (files.length === 0) console.log(`\n${target.label} wrote no profile of its main thread (did it exit normally on SIGTERM?).`);
      for (const file of files) {
        console.log(`\nWhere ${target.label}'s CPU went (${file}; idle and start-up excluded):`);
        for (const line of summariseProfile(path.join(dir, file))) console.log(`  ${line}`);
        if (name === "now" && tus) {
          for (const [which, windows] of [
            [`the last PATCH of each ${TUS_PATCH_MIB} MiB-PATCH tus upload (with the final hash)`, tus.windows.last],
            ["one PATCH from the middle of each of those uploads", tus.windows.middle],
          ]) {
            console.log(`\n  Within ${which}:`);
            for (const line of summariseProfile(path.join(dir, file), { windows })) console.log(`    ${line}`);
          }
        }
        // Kept for a closer look (Chromium's DevTools open it): the bench's own folder goes at the end.
        const kept = path.join(root, "test-results", "bench-profiles");
        fs.mkdirSync(kept, { recursive: true });
        fs.copyFileSync(path.join(dir, file), path.join(kept, `${name}-${file}`));
        console.log(`  (kept as ${path.relative(root, path.join(kept, `${name}-${file}`))})`);
      }
    }
  }
  if (problems.length) {
    console.error(`\nFAILED: ${problems.join("; ")}`);
    return 1;
  }
  return 0;
}

let exitCode;
try {
  exitCode = await main();
} catch (error) {
  if (!interrupted) console.error(`\nBench failed: ${error.message}`);
  exitCode = 1;
}
await cleanUp();
process.exit(interrupted ? 130 : exitCode);
