// Coffer as the bench runs it: the last production build (rebuilt only when the sources are newer),
// a fresh database and storage folder, generated secrets, one user signed in through Auth.js.
import fs from "node:fs";
import path from "node:path";
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { prepareDatabase } from "../prepare-db.mjs";
import { startServer } from "./server-process.mjs";
import { request } from "./transfer.mjs";

const GiB = 1024 ** 3;
// What `next build` compiles; server.ts itself runs through tsx and needs no build.
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "prisma",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];

function newestChangeMs(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestChangeMs(path.join(entry, name)));
  return newest;
}

function otherBuildRunning() {
  try {
    execFileSync("pgrep", ["-f", "next build"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Others share this tree and the machine: never build, or start from .next, while a build runs. */
async function waitForOtherBuilds(log) {
  if (!otherBuildRunning()) return;
  log("Another `next build` is running; waiting for it to finish…");
  while (otherBuildRunning()) await sleep(5_000);
}

/** Builds only when there is no build or a build input changed after it. */
export async function ensureBuild(root, log) {
  await waitForOtherBuilds(log);
  const buildId = path.join(root, ".next", "BUILD_ID");
  const builtMs = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const changedMs = Math.max(...BUILD_INPUTS.map((entry) => newestChangeMs(path.join(root, entry))));
  if (builtMs && changedMs <= builtMs) return "up to date";
  log(builtMs ? "Sources changed since the last build: running `next build`…" : "No production build: running `next build`…");
  execFileSync("npx", ["next", "build"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  return "rebuilt";
}

/** The environment of a throwaway Coffer in `dir`; limits leave room for a few payloads of `size`. */
export function cofferEnvironment({ dir, port, size }) {
  const env = { ...process.env };
  for (const name of ["AUTH_URL", "NEXTAUTH_URL", "BLOCKED_EXTENSIONS"]) delete env[name];
  const storageDir = path.join(dir, "coffer-storage");
  fs.mkdirSync(storageDir, { recursive: true });
  return Object.assign(env, {
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: `file:${path.join(dir, "coffer.db")}`,
    STORAGE_DIR: storageDir,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    STORAGE_MASTER_KEY: `k1:${randomBytes(32).toString("base64url")}`,
    COOKIE_SECURE: "false",
    TRUST_PROXY: "false",
    LOG_LEVEL: "warn",
    MAX_FILE_SIZE: String(Math.max(2 * GiB, 2 * size)),
    USER_QUOTA: String(Math.max(8 * GiB, 4 * size)),
    NEXT_TELEMETRY_DISABLED: "1",
  });
}

export function startCoffer({ root, env, port }) {
  prepareDatabase(env.DATABASE_URL, root);
  return startServer({
    label: "Coffer",
    command: path.join(root, "node_modules", ".bin", "tsx"),
    args: ["server.ts"],
    cwd: root,
    env,
    port,
    readyText: "Coffer is listening on",
  });
}

// Runs through the app's own modules, so the row and the hash are exactly what registration makes.
const CREATE_USER = `(async () => {
  const pick = (m) => m.default ?? m;
  const { db } = pick(await import("@/lib/db"));
  const { hashPassword } = pick(await import("@/lib/auth/password"));
  await db.user.create({
    data: { username: process.env.BENCH_USERNAME, passwordHash: await hashPassword(process.env.BENCH_PASSWORD) },
  });
  await db.$disconnect();
})().catch((error) => { console.error(error); process.exit(1); });`;

export function createUser({ root, env, username, password }) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["--conditions=react-server", "-e", CREATE_USER], {
      cwd: root,
      env: { ...env, BENCH_USERNAME: username, BENCH_PASSWORD: password },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let errors = "";
    child.stderr.on("data", (chunk) => (errors += chunk));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`creating the bench user failed (${code}):\n${errors}`))));
  });
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
