// Coffer's HTTP server: Next.js behind a thin layer that fixes the client address and logs one line per request.
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import next from "next";
import { loadEnvConfig } from "@next/env";
import { CONTENT_LENGTH_HEADER } from "./lib/http/content-length";
import { REQUEST_ID_HEADER, takeRequestUser, trackResponse } from "./lib/http/request-registry";
import { logRoute } from "./lib/http/log-route";

const dev = process.argv.includes("--dev");
// Variables already in the process environment win over .env.local.
loadEnvConfig(process.cwd(), dev);

// instrumentation.ts runs the start-up checks (master keys, storage sweep) inside Next.js;
// connections are accepted only once they pass.
async function startupChecks() {
  const startup = globalThis as unknown as { cofferStartup?: Promise<void> };
  for (let waited = 0; !startup.cofferStartup && waited < 30_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!startup.cofferStartup) throw new Error("Coffer cannot start: the start-up checks did not run.");
  await startup.cofferStartup;
}

async function main() {
  const { env } = await import("./lib/env");
  const { logger } = await import("./lib/logger");
  const config = env();
  const app = next({ dev, dir: process.cwd(), port: config.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  await startupChecks();

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    if (!config.TRUST_PROXY) {
      // Clients cannot choose their own address for throttling and the activity trail.
      req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
    }
    req.headers[REQUEST_ID_HEADER] = requestId;
    trackResponse(requestId, new Promise((resolve) => res.once("close", () => resolve(res.writableFinished))));
    // Downloads need Content-Length (browser progress, HEAD, resumable clients).
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name: string, value: number | string | readonly string[]) =>
      setHeader(name.toLowerCase() === CONTENT_LENGTH_HEADER ? "content-length" : name, value);
    res.on("close", () => {
      logger.info(
        {
          requestId,
          userId: takeRequestUser(requestId),
          method: req.method,
          // Never a query string or a link token: they can carry secrets.
          route: logRoute((req.url ?? "/").split("?")[0]),
          status: res.statusCode,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
          aborted: !res.writableFinished,
        },
        "request",
      );
    });
    void handle(req, res);
  });
  server.requestTimeout = 0; // large uploads may take longer than Node's default 5 minutes
  server.listen(config.PORT, () => logger.info({ port: config.PORT }, `Coffer is listening on http://localhost:${config.PORT}`));
}

main().catch((error: Error) => {
  // Start-up problems (a bad environment, a wrong master key) are meant for the operator's eyes.
  console.error(error.message);
  process.exit(1);
});
