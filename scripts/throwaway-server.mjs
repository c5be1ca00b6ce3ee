// One throwaway Coffer: the production server (the last `npm run build`) on a free port, with a database,
// a storage folder and secrets of its own. The integration tests, the browser tests' web server and
// `npm run bench` all start their servers through this module.
// (No import.meta here: jest loads this file through its CommonJS transform.)
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createThrowawayDatabase, dropThrowawayDatabases } from "./db/throwaway-database.mjs";
import { staleBuildReason } from "./source-stamp.mjs";
import { productionServerArgs } from "./server-node-flags.mjs";

/** Settings a developer's shell may hold that must not reach a throwaway server. */
export const CLEARED_VARIABLES = [
  "PORT",
  "HOST",
  "TRUST_PROXY",
  "TRUSTED_PROXIES",
  "APP_URL",
  "MAX_FILE_SIZE",
  "USER_QUOTA",
  "BLOCKED_EXTENSIONS",
  "AUTH_URL",
  "NEXTAUTH_URL",
  "DATABASE_URL",
  "MIGRATION_DATABASE_URL",
  "STORAGE_DIR",
  "STORAGE_DRIVER",
  "S3_BUCKET",
  "S3_REGION",
  "S3_ENDPOINT",
  "S3_FORCE_PATH_STYLE",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "S3_PREFIX",
  "AUTH_SECRET",
  "STORAGE_MASTER_KEY",
  "COOKIE_SECURE",
  "LOG_LEVEL",
  "SMTP_URL",
  "MAIL_FROM",
  "SMTP_CA_FILE",
  "MAIL_RETRY_SECONDS",
  "SHUTDOWN_GRACE_SECONDS",
];

const READY = /Coffer is listening on http:\/\/localhost:(\d+)/;

/** Throws when there is no production build or it was made from other sources. */
export function assertCurrentBuild(root) {
  const reason = staleBuildReason(root);
  if (reason) throw new Error(`Cannot start a throwaway Coffer: ${reason}. Run \`npm run build\` first (\`npm test\` does).`);
}

/**
 * A folder with a migrated database and an empty storage folder, and the secrets that open them. The database
 * is SQLite in the folder, or one of its own in a PostgreSQL cluster when COFFER_TEST_DATABASE=postgresql
 * (scripts/db/throwaway-database.mjs); `database-url` in the folder names it, for helpers that open it directly.
 */
export function createThrowawayData({ root, parentDir = os.tmpdir(), prefix = "coffer-throwaway-", database }) {
  const dir = fs.mkdtempSync(path.join(parentDir, prefix));
  const storageDir = path.join(dir, "storage");
  fs.mkdirSync(storageDir);
  const databaseUrl = createThrowawayDatabase({ root, dir, prefix, provider: database });
  fs.writeFileSync(path.join(dir, "database-url"), databaseUrl);
  return {
    dir,
    env: {
      DATABASE_URL: databaseUrl,
      STORAGE_DIR: storageDir,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      STORAGE_MASTER_KEY: `k1:${randomBytes(32).toString("base64url")}`,
    },
    remove: () => {
      dropThrowawayDatabases(dir);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The environment of a throwaway server: the caller's, minus CLEARED_VARIABLES, plus `data` and `settings`. */
export function throwawayEnvironment({ base = process.env, data, port, settings = {} }) {
  const env = { ...base };
  for (const name of CLEARED_VARIABLES) delete env[name];
  return {
    ...env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    COOKIE_SECURE: "false",
    LOG_LEVEL: "info",
    ...data,
    PORT: String(port),
    APP_URL: `http://localhost:${port}`,
    ...settings,
  };
}

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => (socket.destroy(), resolve(false)));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The bucket the S3 test server makes, and credentials whose secret has the characters other apps choke on. */
export const TEST_S3_BUCKET = "coffer-tests";
export const TEST_S3_CREDENTIALS = { accessKeyId: "COFFERTESTACCESSKEY1", secretAccessKey: "test/secret+with spaces=and/slashes+" };

/**
 * Starts scripts/s3-test-server.mjs (s3rver with S3's rules, docs/decisions/038) on a free loopback port over
 * `directory`, with TEST_S3_BUCKET and `buckets`; `endpoint` is its address.
 */
export async function startS3TestServer({ root, directory, buckets = [] }) {
  const port = await freePort();
  const server = startServerProcess({
    label: "S3 test server",
    command: process.execPath,
    args: [
      // s3rver makes its ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.
      "--openssl-legacy-provider",
      path.join(root, "scripts", "s3-test-server.mjs"),
      "--port",
      String(port),
      "--directory",
      directory,
      ...[TEST_S3_BUCKET, ...buckets].flatMap((bucket) => ["--bucket", bucket]),
    ],
    cwd: root,
    env: { ...process.env, S3_ACCESS_KEY_ID: TEST_S3_CREDENTIALS.accessKeyId, S3_SECRET_ACCESS_KEY: TEST_S3_CREDENTIALS.secretAccessKey },
    port,
    ready: /S3 test server listening/,
    echo: process.env.S3_TEST_SERVER_LOG === "1",
  });
  return Object.assign(server, { endpoint: `http://127.0.0.1:${port}`, directory });
}

/** The settings of a Coffer that keeps its blobs under `prefix` in the S3 test server at `endpoint`. */
export function s3StorageSettings({ endpoint, prefix, bucket = TEST_S3_BUCKET }) {
  return {
    STORAGE_DRIVER: "s3",
    S3_ENDPOINT: endpoint,
    S3_BUCKET: bucket,
    S3_REGION: "us-east-1",
    S3_FORCE_PATH_STYLE: "true",
    S3_ACCESS_KEY_ID: TEST_S3_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: TEST_S3_CREDENTIALS.secretAccessKey,
    S3_PREFIX: prefix,
  };
}

/** Starts `node .next/coffer-server.js` with the production server's flags (see startServerProcess). */
export function startThrowawayServer({ root, env, port, timeoutMs, keepLines, echo, nodeFlags }) {
  return startServerProcess({
    label: "Coffer",
    command: process.execPath,
    args: productionServerArgs(root, nodeFlags),
    cwd: root,
    env,
    port,
    ready: READY,
    timeoutMs,
    keepLines,
    echo,
  });
}

/**
 * Starts a server in a process group of its own and answers at once; `ready` resolves when a line of its
 * output matches `ready` or its port accepts a connection. `stop()` sends SIGTERM (SIGKILL after 5 s);
 * `kill()` sends SIGKILL at once, as a crash would.
 */
export function startServerProcess({
  label,
  command,
  args,
  cwd,
  env,
  port,
  ready = null,
  timeoutMs = 60_000,
  keepLines = 5_000,
  echo = false,
}) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const lines = [];
  let pending = "";
  let sawReady = false;
  const keep = (chunk) => {
    pending += chunk.toString("utf8");
    const complete = pending.split("\n");
    pending = complete.pop() ?? "";
    for (const line of complete) {
      if (ready?.test(line)) sawReady = true;
      lines.push(line);
    }
    if (lines.length > keepLines) lines.splice(0, lines.length - keepLines);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  if (echo) {
    child.stdout.pipe(process.stdout);
    child.stderr.pipe(process.stderr);
  }
  let exitInfo = null;
  const exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve((exitInfo = { code, signal })));
    child.once("error", (error) => resolve((exitInfo = { code: null, signal: null, error })));
  });
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const logs = () => [...lines, pending].filter(Boolean).join("\n");
  let stopping;
  const server = {
    url: `http://localhost:${port}`,
    port,
    pid: child.pid,
    logs,
    exitInfo: () => exitInfo,
    exited,
    stop() {
      stopping ??= (async () => {
        if (exitInfo) return;
        signalGroup("SIGTERM");
        const timer = setTimeout(() => signalGroup("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
    async kill() {
      signalGroup("SIGKILL");
      await exited;
    },
  };
  server.ready = (async () => {
    const started = Date.now();
    for (;;) {
      if (exitInfo) {
        const how = exitInfo.error?.message ?? (exitInfo.signal ? `signal ${exitInfo.signal}` : `code ${exitInfo.code}`);
        throw new Error(`${label} exited during start-up (${how}). Its output:\n${logs()}`);
      }
      if (sawReady || (await accepts(port))) return;
      if (Date.now() - started > timeoutMs) {
        await server.stop();
        throw new Error(`${label} did not start within ${timeoutMs / 1000} s. Its output:\n${logs()}`);
      }
      await sleep(100);
    }
  })();
  server.ready.catch(() => {}); // the caller awaits it; this keeps an early failure from being "unhandled"
  return server;
}
