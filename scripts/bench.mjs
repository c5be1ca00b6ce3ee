// `npm run bench`: uploads and downloads BENCH_SIZE_MIB (default 1024) MiB through Coffer and through a
// bare Node server on the same disk, with the same client; prints throughput, the Coffer/baseline
// ratios and Coffer's memory peaks against the targets. A MISS is a measurement (exit 0); a failed
// transfer or a hash that differs is not (exit 1). Helpers live in scripts/bench/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureBuild, cofferEnvironment, startCoffer, createUser, signIn } from "./bench/coffer-server.mjs";
import { freePort, startServerProcess } from "./throwaway-server.mjs";
import { findListeningPid, rssMiB, cpuSeconds, RssSampler } from "./bench/process-stats.mjs";
import { uploadFile, downloadFile } from "./bench/transfer.mjs";

const root = path.resolve(import.meta.dirname, "..");
const MiB = 1024 * 1024;
const WARM_UP_BYTES = 1 * MiB;
const TARGETS = { uploadRatio: 0.6, downloadRatio: 0.5, rssHeadroomMiB: 150 };
const FOLDER_PREFIX = "coffer-bench-";

const log = (message) => console.log(`▸ ${message}`);
const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
const percent = (ratio) => `${fixed(ratio * 100)}%`;

const sizeMiB = Number(process.env.BENCH_SIZE_MIB ?? 1024);
if (!Number.isFinite(sizeMiB) || sizeMiB <= 0) {
  console.error(`BENCH_SIZE_MIB must be a positive number of MiB (got "${process.env.BENCH_SIZE_MIB}").`);
  process.exit(2);
}
const size = Math.round(sizeMiB * MiB);

// Everything the bench starts or creates, so that any way out cleans it up.
const servers = [];
const samplers = [];
let folder;
let interrupted = false;

async function cleanUp() {
  await Promise.all(samplers.map((sampler) => sampler.stop().catch(() => {})));
  await Promise.all(servers.map((server) => server.stop().catch(() => {})));
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
  folder = undefined;
}
process.on("exit", () => {
  for (const server of servers) server.kill();
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

async function idleRssMiB(pid) {
  const samples = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssMiB(pid));
    await sleep(50);
  }
  return samples.sort((a, b) => a - b)[2];
}

/**
 * Deletes a finished transfer's file from a throwaway store before the next server's upload. Kept,
 * it leaves a GiB more in the page cache, and on this VM the next 1 GiB write then cost up to
 * 2 s more CPU: whichever server went second lost, and the upload ratio swung between 60% and 170%.
 */
function dropStoredFiles(dir) {
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
}

/** One measured transfer: wall time, the server's CPU time and its memory, idle just before vs peak during. */
async function measure({ label, target, transfer }) {
  await sleep(1_000); // let the previous transfer's garbage settle before reading "idle"
  const idle = await idleRssMiB(target.pid);
  const serverCpuBefore = cpuSeconds(target.pid);
  const clientCpuBefore = process.cpuUsage();
  await target.sampler.reset();
  const result = await transfer();
  const peak = await target.sampler.peak();
  const clientCpu = process.cpuUsage(clientCpuBefore);
  return {
    label,
    ...result,
    mibPerSecond: size / MiB / result.seconds,
    serverCpu: cpuSeconds(target.pid) - serverCpuBefore,
    clientCpu: (clientCpu.user + clientCpu.system) / 1e6,
    idle,
    peak,
  };
}

function printTable(rows) {
  const columns = [
    ["Transfer", (r) => r.label, 18],
    ["MiB", () => fixed(sizeMiB, 0), 6],
    ["Seconds", (r) => fixed(r.seconds, 2), 8],
    ["MiB/s", (r) => fixed(r.mibPerSecond), 8],
    ["Server CPU s", (r) => `${fixed(r.serverCpu, 2)} (${fixed((r.serverCpu / r.seconds) * 100, 0)}%)`, 13],
    ["Client CPU s", (r) => fixed(r.clientCpu, 2), 12],
    ["Idle RSS MiB", (r) => fixed(r.idle), 12],
    ["Peak RSS MiB", (r) => fixed(r.peak), 12],
    ["Peak − idle", (r) => `${r.peak - r.idle >= 0 ? "+" : ""}${fixed(r.peak - r.idle)}`, 11],
  ];
  const cell = (text, width, first) => (first ? String(text).padEnd(width) : String(text).padStart(width));
  console.log(columns.map(([title, , width], i) => cell(title, width, i === 0)).join("  "));
  console.log(columns.map(([, , width]) => "─".repeat(width)).join("  "));
  for (const row of rows) console.log(columns.map(([, value, width], i) => cell(value(row), width, i === 0)).join("  "));
  console.log("Server CPU: user + system time of the serving process during the transfer (and as a share of one core);");
  console.log("client CPU: this bench process (payload generation, SHA-256, HTTP). RSS: VmRSS sampled every 50 ms.");
}

function verdict(passed) {
  return passed ? "PASS" : "MISS";
}

async function warmUp({ coffer, baseline }) {
  // Loads the routes and the crypto, stream and database code once, so "idle" already includes them.
  const up = await uploadFile({
    port: coffer.port,
    path: "/api/files",
    cookie: coffer.cookie,
    size: WARM_UP_BYTES,
    filename: "warm-up.bin",
  });
  const down = await downloadFile({ port: coffer.port, path: `/api/files/${up.body.files[0].id}/download`, cookie: coffer.cookie });
  const baseUp = await uploadFile({ port: baseline.port, path: "/files", size: WARM_UP_BYTES });
  const baseDown = await downloadFile({
    port: baseline.port,
    path: `/files/${baseUp.body.id}?start=${baseUp.payloadOffset}&end=${baseUp.payloadOffset + WARM_UP_BYTES - 1}`,
  });
  if (new Set([up.sha256, up.body.files[0].sha256, down.sha256, baseUp.sha256, baseDown.sha256]).size !== 1) {
    throw new Error("the warm-up transfers do not agree on the payload's SHA-256");
  }
}

async function main() {
  removeAbandonedFolders();
  console.log(`Coffer bench: ${fixed(sizeMiB, 0)} MiB up and down, Coffer vs a bare Node server on the same disk`);
  console.log(
    `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n`,
  );

  log(`Production build: ${await ensureBuild(root, log)}`);
  folder = fs.mkdtempSync(path.join(os.tmpdir(), `${FOLDER_PREFIX}${process.pid}-`));

  const cofferPort = await freePort();
  const env = cofferEnvironment({ root, dir: folder, port: cofferPort, size });
  log(`Starting Coffer on port ${cofferPort} (fresh database and storage in ${folder})`);
  const cofferProcess = startCoffer({ root, env, port: cofferPort });
  servers.push(cofferProcess);
  const username = "bench";
  const password = randomBytes(18).toString("base64url");
  await Promise.all([cofferProcess.ready, createUser({ root, env, username, password })]);
  const cookie = await signIn({ port: cofferPort, identifier: username, password });
  const cofferPid = findListeningPid(cofferProcess.pid, cofferPort);
  log(`Coffer is serving from pid ${cofferPid}; signed in as "${username}"`);

  const baselinePort = await freePort();
  const baselineDir = path.join(folder, "baseline-storage");
  fs.mkdirSync(baselineDir);
  const baselineProcess = startServerProcess({
    label: "Baseline",
    command: process.execPath,
    args: [path.join(root, "scripts", "bench", "baseline-server.mjs"), baselineDir, String(baselinePort)],
    cwd: root,
    env: process.env,
    port: baselinePort,
    ready: /Baseline is listening on/,
  });
  servers.push(baselineProcess);
  await baselineProcess.ready;
  const baselinePid = findListeningPid(baselineProcess.pid, baselinePort);

  const coffer = { port: cofferPort, pid: cofferPid, cookie, sampler: new RssSampler(cofferPid) };
  const baseline = { port: baselinePort, pid: baselinePid, sampler: new RssSampler(baselinePid) };
  samplers.push(coffer.sampler, baseline.sampler);

  log("Warming up both servers with a 1 MiB round trip");
  await warmUp({ coffer, baseline });

  log(`Coffer upload (${fixed(sizeMiB, 0)} MiB)`);
  const cofferUp = await measure({
    label: "Coffer upload",
    target: coffer,
    transfer: () => uploadFile({ port: coffer.port, path: "/api/files", cookie, size }),
  });
  const stored = cofferUp.body.files?.[0];
  if (!stored?.id) throw new Error(`Coffer's upload answer names no file: ${JSON.stringify(cofferUp.body)}`);
  log("Coffer download");
  const cofferDown = await measure({
    label: "Coffer download",
    target: coffer,
    transfer: () => downloadFile({ port: coffer.port, path: `/api/files/${stored.id}/download`, cookie }),
  });
  dropStoredFiles(path.join(env.STORAGE_DIR, "blobs"));
  log("Baseline upload");
  const baseUp = await measure({
    label: "Baseline upload",
    target: baseline,
    transfer: () => uploadFile({ port: baseline.port, path: "/files", size }),
  });
  log("Baseline download\n");
  const payloadRange = `start=${baseUp.payloadOffset}&end=${baseUp.payloadOffset + size - 1}`;
  const baseDown = await measure({
    label: "Baseline download",
    target: baseline,
    transfer: () => downloadFile({ port: baseline.port, path: `/files/${baseUp.body.id}?${payloadRange}` }),
  });
  dropStoredFiles(baselineDir);

  const problems = [];
  if (stored.size !== size) problems.push(`Coffer stored ${stored.size} bytes, not ${size}`);
  if (stored.sha256 !== cofferUp.sha256) problems.push(`Coffer reports SHA-256 ${stored.sha256}, the client sent ${cofferUp.sha256}`);
  if (cofferDown.sha256 !== cofferUp.sha256)
    problems.push(`Coffer's download hashes to ${cofferDown.sha256}, the upload to ${cofferUp.sha256}`);
  if (baseDown.sha256 !== baseUp.sha256)
    problems.push(`the baseline's download hashes to ${baseDown.sha256}, its upload to ${baseUp.sha256}`);
  if (baseUp.sha256 !== cofferUp.sha256) problems.push("the two uploads did not send the same payload");
  for (const down of [cofferDown, baseDown]) if (down.bytes !== size) problems.push(`${down.label} got ${down.bytes} bytes, not ${size}`);

  printTable([cofferUp, cofferDown, baseUp, baseDown]);
  const uploadRatio = cofferUp.mibPerSecond / baseUp.mibPerSecond;
  const downloadRatio = cofferDown.mibPerSecond / baseDown.mibPerSecond;
  console.log(`\nCoffer / baseline: upload ${percent(uploadRatio)}, download ${percent(downloadRatio)}`);
  console.log(
    `SHA-256 of the payload: ${cofferUp.sha256} (${problems.length ? "MISMATCH, see below" : "client, Coffer's record and both downloads agree"})`,
  );
  console.log(
    `Time to first byte: Coffer ${fixed(cofferDown.firstByteSeconds * 1000, 0)} ms, baseline ${fixed(baseDown.firstByteSeconds * 1000, 0)} ms`,
  );
  console.log(`Baseline fsync after its upload: ${fixed(baseUp.body.fsyncMs / 1000, 2)} s (Coffer also syncs before it answers)`);

  const targets = [
    [`Upload ≥ ${TARGETS.uploadRatio * 100}% of baseline`, percent(uploadRatio), uploadRatio >= TARGETS.uploadRatio],
    [`Download ≥ ${TARGETS.downloadRatio * 100}% of baseline`, percent(downloadRatio), downloadRatio >= TARGETS.downloadRatio],
    ...[cofferUp, cofferDown].map((row) => [
      `Coffer peak RSS ≤ idle + ${TARGETS.rssHeadroomMiB} MiB (${row.label.split(" ")[1]})`,
      `${fixed(row.idle)} → ${fixed(row.peak)} MiB (+${fixed(row.peak - row.idle)})`,
      row.peak - row.idle <= TARGETS.rssHeadroomMiB,
    ]),
  ];
  console.log("\nTargets");
  for (const [name, value, passed] of targets) console.log(`  ${name.padEnd(46)} ${value.padEnd(30)} ${verdict(passed)}`);
  console.log(
    `\nLoad average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} (other work on this machine skews the figures)`,
  );

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
