// `npm run bench:sign-in`: what a burst of sign-ins does to everyone else. Starts a throwaway Coffer (the last
// production build), fires BURST (default 200) sign-ins at once through the Auth.js endpoint, each for an
// unknown account from an address of its own (so no limit stops them and every one needs bcrypt), and
// meanwhile asks for the sign-in page every 100 ms as another visitor would. Prints that visitor's response
// times (idle, then during the burst) and what the burst got back. A measurement, not a test: it exits 0
// unless something fails outright. `--root DIR` measures the build of another checkout (say, an older commit).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { assertCurrentBuild, createThrowawayData, freePort, startThrowawayServer, throwawayEnvironment } from "./throwaway-server.mjs";

const rootArg = process.argv.indexOf("--root");
const root = path.resolve(rootArg > 0 ? process.argv[rootArg + 1] : path.join(import.meta.dirname, ".."));
const BURST = Number(process.env.BURST ?? 200);
const PROBE_EVERY_MS = 100;

const percentile = (values, p) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value) => (Number.isFinite(value) ? `${Math.round(value)} ms` : "–");

async function timed(request) {
  const started = performance.now();
  const response = await request();
  await response.arrayBuffer();
  return { response, ms: performance.now() - started };
}

/** Asks for /login every PROBE_EVERY_MS until stopped; answers the response times. */
function probe(url) {
  const times = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const { response, ms: took } = await timed(() => fetch(`${url}/login`, { headers: { "x-forwarded-for": "203.0.113.250" } }));
      if (response.status !== 200) throw new Error(`GET /login answered ${response.status}`);
      times.push(took);
      await sleep(PROBE_EVERY_MS);
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return times;
    },
  };
}

/** Whether that checkout reads TRUSTED_PROXIES (and refuses the TRUST_PROXY it replaced). */
function knowsTrustedProxies(dir) {
  return fs.readFileSync(path.join(dir, "lib", "env", "index.ts"), "utf8").includes("TRUSTED_PROXIES");
}

async function main() {
  assertCurrentBuild(root);
  const data = createThrowawayData({ root, prefix: "coffer-bench-sign-in-" });
  const port = await freePort();
  const server = startThrowawayServer({
    root,
    port,
    // The bench plays the proxy, so each sign-in can come from an address of its own. A checkout from before
    // TRUSTED_PROXIES (--root) reads TRUST_PROXY instead; a newer one refuses that setting.
    env: throwawayEnvironment({
      data: data.env,
      port,
      settings: { LOG_LEVEL: "warn", TRUSTED_PROXIES: "127.0.0.1,::1", ...(knowsTrustedProxies(root) ? {} : { TRUST_PROXY: "true" }) },
    }),
    timeoutMs: 120_000,
  });
  const cleanUp = async () => {
    await server.stop();
    data.remove();
  };
  process.once("SIGINT", () => void cleanUp().finally(() => process.exit(130)));
  try {
    await server.ready;
    const url = server.url;
    console.log(`▸ Coffer from ${root} on ${url}; ${os.availableParallelism()} cores`);

    // One CSRF token and cookie serve every request of the burst.
    const csrf = await fetch(`${url}/api/auth/csrf`);
    const { csrfToken } = await csrf.json();
    const cookie = csrf.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");

    // Warm up: the first render of each route is slower than the rest.
    for (let i = 0; i < 5; i++) await timed(() => fetch(`${url}/login`));
    const idleProbe = probe(url);
    await sleep(3_000);
    const idle = await idleProbe.stop();

    const duringProbe = probe(url);
    const started = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: BURST }, async (_, i) => {
        const { response, ms: took } = await timed(() =>
          fetch(`${url}/api/auth/callback/credentials`, {
            method: "POST",
            redirect: "manual",
            headers: {
              cookie,
              "content-type": "application/x-www-form-urlencoded",
              "x-forwarded-for": `10.${(i >> 8) & 255}.${i & 255}.1`,
            },
            body: new URLSearchParams({
              identifier: `nobody_${randomBytes(6).toString("hex")}`,
              password: `wrong password ${i}`,
              csrfToken,
            }),
          }),
        );
        const location = response.headers.get("location") ?? "";
        const code = new URL(location, url).searchParams.get("code") ?? `status ${response.status}`;
        return { code: code.replace(/:\d+$/, ""), ms: took };
      }),
    );
    const burstMs = performance.now() - started;
    await sleep(500);
    const during = await duringProbe.stop();

    const groups = new Map();
    for (const outcome of outcomes) groups.set(outcome.code, [...(groups.get(outcome.code) ?? []), outcome]);
    const byCode = [...groups].map(
      ([code, list]) =>
        `${code}: ${list.length} (median ${ms(
          percentile(
            list.map((o) => o.ms),
            50,
          ),
        )}, max ${ms(Math.max(...list.map((o) => o.ms)))})`,
    );
    console.log(`\nBurst: ${BURST} sign-ins at once, all answered in ${ms(burstMs)}`);
    for (const line of byCode) console.log(`  ${line}`);
    console.log("\nGET /login for another visitor (response time):");
    console.log(
      `  idle:         median ${ms(percentile(idle, 50))}, p95 ${ms(percentile(idle, 95))}, max ${ms(Math.max(...idle))} (${idle.length} requests)`,
    );
    console.log(
      `  during burst: median ${ms(percentile(during, 50))}, p95 ${ms(percentile(during, 95))}, max ${ms(Math.max(...during))} (${during.length} requests)`,
    );
  } finally {
    await cleanUp();
  }
}

main().catch((error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
