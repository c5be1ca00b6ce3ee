// Where a server's CPU time went, from a V8 .cpuprofile (node --cpu-prof): each sample's stack is read from
// its leaf upwards and the first matching rule names its category. Idle time and start-up (module loading,
// the sign-in's bcrypt) are left out, so the shares describe the transfers. `windows` keeps only the samples taken
// within them: [from, to] pairs in microseconds of the monotonic clock (the profile's own; process.hrtime's).
import fs from "node:fs";

const RULES = [
  ["idle", (stack) => stack[0].startsWith("(idle)")],
  [
    "start-up (module loading)",
    (stack) =>
      stack.some((f) => /wrapSafe|compileForInternalLoader|instantiateModule|readFileUtf8|internalModuleStat|Module\._load/.test(f)),
  ],
  ["sign-in (bcrypt)", (stack) => stack.some((f) => f.includes("bcryptjs"))],
  ["garbage collection", (stack) => stack[0].startsWith("(garbage collector)")],
  ["AES-256-GCM", (stack) => stack.slice(0, 3).some((f) => /crypto\/cipher|Cipheriv|Decipheriv|createCipherBase/.test(f))],
  ["SHA-256", (stack) => stack.slice(0, 3).some((f) => /crypto\/hash/.test(f))],
  ["handing work to threads (piscina)", (stack) => stack.slice(0, 6).some((f) => /piscina|postMessage/.test(f))],
  ["multipart parsing (busboy)", (stack) => stack.some((f) => /busboy|streamsearch/.test(f))],
  ["type sniffing (file-type)", (stack) => stack.some((f) => /file-type|strtok3|token-types/.test(f))],
  [
    "file writes and fsync",
    (stack) => stack.slice(0, 6).some((f) => /writeBuffer|writev|fsync|writeBuffers/.test(f)) && stack.some((f) => /fs/.test(f)),
  ],
  ["file reads", (stack) => stack.slice(0, 4).some((f) => /^read@|fs\/streams|fs\/promises/.test(f))],
  ["socket writes", (stack) => stack.slice(0, 4).some((f) => /writeBuffer|writev|writeGeneric|writeBuffers/.test(f))],
  ["web streams (Request/Response bodies)", (stack) => stack.slice(0, 8).some((f) => /webstreams|undici/.test(f))],
  ["Node streams", (stack) => stack.slice(0, 4).some((f) => /internal\/streams/.test(f))],
  ["database (Prisma, SQLite)", (stack) => stack.some((f) => /prisma|better-sqlite3/.test(f))],
  // Whichever is nearer the leaf: Next.js's runtime (node_modules/next) or the app's own bundled code (.next/).
  ["Next.js", (stack) => /next\/dist/.test(stack.find((f) => /next\/dist|\.next\//.test(f)) ?? "")],
  ["Coffer's own code (bundled in .next)", (stack) => stack.some((f) => /\.next\//.test(f))],
  ["other", () => true],
];
const EXCLUDED = new Set(["idle", "start-up (module loading)", "sign-in (bcrypt)"]);

export function summariseProfile(file, { windows = null } = {}) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8"));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const totals = new Map();
  const selfTimes = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (windows && !windows.some(([from, to]) => at >= from && at <= to)) return;
    const stack = [];
    for (let at = id; at !== undefined; at = parents.get(at)) {
      const frame = nodes.get(at).callFrame;
      stack.push(`${frame.functionName || "(anonymous)"}@${frame.url}`);
    }
    const [category] = RULES.find(([, test]) => test(stack));
    if (!EXCLUDED.has(category) && category !== "garbage collection") {
      const leaf = nodes.get(id).callFrame;
      const name = `${leaf.functionName || "(anonymous)"} ${leaf.url.replace(/^.*\/(node_modules|\.next)\//, "$1/")}:${leaf.lineNumber + 1}`;
      selfTimes.set(name, (selfTimes.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
    totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const counted = [...totals].filter(([category]) => !EXCLUDED.has(category));
  const busy = counted.reduce((sum, [, micros]) => sum + micros, 0);
  return [
    ...counted
      .sort((a, b) => b[1] - a[1])
      .map(
        ([category, micros]) =>
          `${category.padEnd(40)} ${(micros / 1e6).toFixed(2).padStart(6)} s  ${((micros / busy) * 100).toFixed(1).padStart(5)}%`,
      ),
    `${"main thread, transfers".padEnd(40)} ${(busy / 1e6).toFixed(2).padStart(6)} s`,
    "the functions that spent the most, by their own time:",
    ...[...selfTimes]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([name, micros]) => `  ${(micros / 1e6).toFixed(2).padStart(6)} s  ${name}`),
  ];
}
