// Coffer as the bench runs it: the last production build (rebuilt when it does not match the sources),
// a throwaway database, storage folder and secrets, one user signed in through Auth.js.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { execFileSync, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { createThrowawayData, startThrowawayServer, throwawayEnvironment } from "../throwaway-server.mjs";
import { staleBuildReason } from "../source-stamp.mjs";
import { request } from "./http-request.mjs";

const GiB = 1024 ** 3;

function otherBuildRunning() {
  try {
    execFileSync("pgrep", ["-f", "next build"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Builds only when there is no build or it does not match the sources; never while another build runs. */
export async function ensureBuild(root, log) {
  if (otherBuildRunning()) {
    log("Another `next build` is running; waiting for it to finish…");
    while (otherBuildRunning()) await sleep(5_000);
  }
  const reason = staleBuildReason(root);
  if (!reason) return "up to date";
  log(`${reason}: running \`npm run build\`…`);
  execFileSync(process.execPath, [path.join(root, "scripts", "build.mjs")], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  return "rebuilt";
}

/**
 * The environment of a throwaway Coffer in `dir`; limits leave room for a few payloads of `size`. `storage` adds the
 * settings of another blob store (the S3 driver's STORAGE_DRIVER, S3_*); `database` is "sqlite" or "postgresql"
 * (a database of its own in the cluster PGHOST… names), COFFER_TEST_DATABASE's when not given (scripts/db/).
 */
export function cofferEnvironment({ root, dir, port, size, storage = {}, database }) {
  const data = createThrowawayData({ root, parentDir: dir, prefix: "coffer-", database });
  return throwawayEnvironment({
    data: data.env,
    port,
    // LOG_LEVEL info: the request log gives the server's own time for each dashboard page.
    settings: {
      LOG_LEVEL: "info",
      MAX_FILE_SIZE: String(Math.max(3 * GiB, 2 * size)),
      USER_QUOTA: String(Math.max(64 * GiB, 8 * size)),
      ...storage,
    },
  });
}

/** The Node flags a checkout's own `npm start` passes (none before scripts/server-node-flags.mjs existed). */
export async function checkoutNodeFlags(root) {
  const file = path.join(root, "scripts", "server-node-flags.mjs");
  return fs.existsSync(file) ? (await import(pathToFileURL(file).href)).SERVER_NODE_FLAGS : [];
}

/** `extraNodeFlags`: more flags for the server's node (the bench's event-loop probe: `--require` of a file). */
export async function startCoffer({ root, env, port, extraNodeFlags = [] }) {
  return startThrowawayServer({ root, env, port, timeoutMs: 180_000, nodeFlags: [...(await checkoutNodeFlags(root)), ...extraNodeFlags] });
}

/** Runs `code` (an async function body) inside the app's own modules, with `db`, `hashPassword` and `nameColumns` at hand. */
export function runInApp({ root, env, code, vars = {} }) {
  const script = `(async () => {
    const pick = (m) => m.default ?? m;
    const { db } = pick(await import("@/lib/db"));
    const { hashPassword } = pick(await import("@/lib/auth/password"));
    // A checkout before the search column (docs/decisions/032) writes the name alone.
    const nameColumns = await import("@/lib/files/name-search").then((m) => pick(m).nameColumns, () => (name) => ({ name }));
    try { ${code} } finally { await db.$disconnect(); }
  })().catch((error) => { console.error(error); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "-e", script], {
      cwd: root,
      env: { ...env, ...vars },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let errors = "";
    child.stderr.on("data", (chunk) => (errors += chunk));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`a bench step inside the app failed (${code}):\n${errors}`))));
  });
}

/** Accounts made the way registration makes them (the same hash), all with `password`. */
export function createUsers({ root, env, usernames, password }) {
  return runInApp({
    root,
    env,
    vars: { BENCH_USERNAMES: usernames.join(","), BENCH_PASSWORD: password },
    code: `const passwordHash = await hashPassword(process.env.BENCH_PASSWORD);
      for (const username of process.env.BENCH_USERNAMES.split(",")) await db.user.create({ data: { username, passwordHash } });`,
  });
}

/** `count` File rows for one user through Prisma (the dashboard lists rows; their blobs are never read). */
export function seedFiles({ root, env, username, count }) {
  return runInApp({
    root,
    env,
    vars: { BENCH_USERNAME: username, BENCH_COUNT: String(count) },
    code: `const owner = await db.user.findUniqueOrThrow({ where: { username: process.env.BENCH_USERNAME } });
      const words = ["report", "invoice", "photo", "notes", "draft", "budget", "slides", "contract", "scan", "video"];
      const count = Number(process.env.BENCH_COUNT);
      for (let start = 0; start < count; start += 500) {
        const rows = [];
        for (let i = start; i < Math.min(count, start + 500); i++) {
          rows.push({
            ownerId: owner.id,
            ...nameColumns(words[i % words.length] + "-" + String(i).padStart(5, "0") + ".bin"),
            size: BigInt(1000 + ((i * 7919) % 1000000)),
            mimeType: "application/octet-stream",
            sha256: String(i).padStart(64, "0"),
            storageKey: "seed" + String(i).padStart(28, "0"),
            wrappedKey: "v1.seed",
            masterKeyId: "seed",
            createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60000),
          });
        }
        await db.file.createMany({ data: rows });
      }
      // PostgreSQL's planner as it is once autovacuum has seen the rows, not as it is with no statistics.
      if (process.env.DATABASE_URL.startsWith("postgres")) await db.$executeRawUnsafe('ANALYZE "File"');`,
  });
}

/** The SHA-256 Coffer recorded for each File of `ids` (an upload whose answer does not carry it: tus), by id. */
export async function recordedHashes({ root, env, ids, out }) {
  await runInApp({
    root,
    env,
    vars: { BENCH_IDS: ids.join(","), BENCH_OUT: out },
    code: `const fs = await import("node:fs");
      const rows = await db.file.findMany({ where: { id: { in: process.env.BENCH_IDS.split(",") } }, select: { id: true, sha256: true } });
      fs.writeFileSync(process.env.BENCH_OUT, JSON.stringify(Object.fromEntries(rows.map((row) => [row.id, row.sha256]))));`,
  });
  return JSON.parse(fs.readFileSync(out, "utf8"));
}

/**
 * PostgreSQL's plan of the search query of the dashboard page `page` for `username`: listFiles runs in the app as
 * the page runs it, the SQL it sends with "searchName" in it is caught at pg's Client, then run under EXPLAIN
 * ANALYZE. Answers { sql, plan } (the plan's lines).
 */
export async function searchPlan({ root, env, username, page, out }) {
  await runInApp({
    root,
    env,
    vars: { BENCH_USERNAME: username, BENCH_QUERY: new URL(page, "http://localhost").search, BENCH_OUT: out },
    code: `const pg = pick(await import("pg"));
      const fs = await import("node:fs");
      const { listFiles } = pick(await import("@/lib/files/list-files"));
      const { listFilesSchema } = pick(await import("@/lib/files/schemas"));
      const owner = await db.user.findUniqueOrThrow({ where: { username: process.env.BENCH_USERNAME } });
      const query = listFilesSchema.parse(Object.fromEntries(new URLSearchParams(process.env.BENCH_QUERY)));
      const send = pg.Client.prototype.query;
      let caught;
      pg.Client.prototype.query = function (config, ...rest) {
        const text = typeof config === "string" ? config : config?.text;
        if (!caught && text?.includes('"searchName"')) caught = { text, values: typeof config === "string" ? rest[0] : config.values };
        return send.call(this, config, ...rest);
      };
      await listFiles({ userId: owner.id, query });
      pg.Client.prototype.query = send;
      if (!caught) throw new Error("listFiles sent no query on searchName");
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      const { rows } = await client.query("EXPLAIN (ANALYZE, BUFFERS) " + caught.text, caught.values);
      await client.end();
      fs.writeFileSync(process.env.BENCH_OUT, JSON.stringify({ sql: caught.text, values: caught.values, plan: rows.map((r) => r["QUERY PLAN"]) }));`,
  });
  return JSON.parse(fs.readFileSync(out, "utf8"));
}

function addCookies(jar, setCookie = []) {
  for (const line of setCookie) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
}
const cookieHeader = (jar) => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

/** Signs in as a browser would (CSRF token, then the credentials callback); answers the Cookie header. */
export async function signIn({ port, identifier, password }) {
  const jar = new Map();
  const csrf = await request({ port, path: "/api/auth/csrf" });
  if (csrf.status !== 200) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
  addCookies(jar, csrf.headers["set-cookie"]);
  const { csrfToken } = JSON.parse(csrf.text);
  const form = new URLSearchParams({ identifier, password, csrfToken }).toString();
  const callback = await request({
    port,
    path: "/api/auth/callback/credentials",
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(form)),
      cookie: cookieHeader(jar),
    },
    body: form,
  });
  addCookies(jar, callback.headers["set-cookie"]);
  if (![...jar.keys()].some((name) => name.startsWith("authjs.session-token"))) {
    throw new Error(`sign-in failed: ${callback.status} ${callback.headers.location ?? ""}`);
  }
  const session = await request({ port, path: "/api/auth/session", headers: { cookie: cookieHeader(jar) } });
  if (JSON.parse(session.text)?.user?.username !== identifier) throw new Error(`the session is not ${identifier}'s: ${session.text}`);
  return cookieHeader(jar);
}
