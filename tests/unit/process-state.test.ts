// The registry of process state (lib/process-state.ts, docs/decisions/034), read from the sources: every piece of
// state Coffer keeps in one process's memory is a `processSingleton` with a kind and a reason, nothing else hangs
// off globalThis, and the list below is the whole registry.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(relative);
    return /\.(ts|tsx|mjs|cjs)$/.test(entry.name) ? [relative] : [];
  });
}

const files = [...["app", "components", "lib"].flatMap(sources), "server.ts", "proxy.ts", "instrumentation.ts"];
const text = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

/** Every registration in the sources: its name, kind and file. */
function registrations() {
  const found: { name: string; kind: string; file: string }[] = [];
  for (const file of files) {
    for (const match of text(file).matchAll(/processSingleton(?:<[^>]*>)?\(\s*"([^"]+)",\s*\{\s*kind:\s*"([^"]+)",\s*why:\s*"([^"]+)"/g)) {
      found.push({ name: match[1], kind: match[2], file });
      expect(match[3].length).toBeGreaterThan(20);
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

it("lists every piece of state kept in one process's memory, each with why it may live there", () => {
  expect(registrations().map(({ name, kind }) => `${name}: ${kind}`)).toEqual([
    "blob-stores: pool",
    "database: pool",
    "handoff-tickets: per-request",
    "health-probes: cache",
    "held-blobs: per-request",
    "password-workers: pool",
    "postgresql-pool: pool",
    "preview-failures: cache",
    "preview-render-queue: pool",
    "preview-renders: per-request",
    "rate-limiters: single-node",
    "resumable-upload-hashes: cache",
    "running-transfers: per-request",
    "segment-workers: pool",
    "server-bridge: per-request",
    "smtp-transport: pool",
    "transfer-ciphers: per-request",
    "upload-slots: per-request",
  ]);
});

it("keeps nothing on globalThis outside the registry", () => {
  const users = files.filter((file) => file !== "lib/process-state.ts" && /globalThis/.test(text(file).replace(/\/\/.*$/gm, "")));
  expect(users).toEqual([]);
});

it("registers each name once", () => {
  const names = registrations().map(({ name }) => name);
  expect(new Set(names).size).toBe(names.length);
});
