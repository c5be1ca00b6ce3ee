// Coffer's HTTP server: Next.js behind a thin layer that decides the client's address, logs one line per
// request, restores Content-Length on downloads and tells the app when each response closes. Everything it
// shares with the app goes through lib/server-bridge.ts (docs/decisions/001 and 006). Built by
// `npm run build` into .next/coffer-server.js and run with plain node; `npm run dev` runs it through tsx.
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import next from "next";
import { loadEnvConfig } from "@next/env";
import {
  addressFromRequest,
  BRIDGE_REQUEST_HEADERS,
  CLIENT_ADDRESS_HEADER,
  CONTENT_LENGTH_HEADER,
  FORWARDED_REQUEST_HEADERS,
  fromTrustedProxy,
  openRequestRecord,
  REQUEST_ID_HEADER,
  startupChecks,
  trustedProxies,
} from "./lib/server-bridge";

const dev = process.argv.includes("--dev");
// Variables already in the process environment win over .env.local. Loaded before the env module and the
// logger, which read the environment when first imported.
loadEnvConfig(process.cwd(), dev);
// Whatever the server creates (SQLite's -wal and -shm files, caches) is readable by its own user only.
process.umask(0o077);

async function main() {
  const { env } = await import("./lib/env");
  const { logger, logRoute } = await import("./lib/logger");
  const config = env();
  const trusted = trustedProxies(config.TRUSTED_PROXIES);
  const app = next({ dev, dir: process.cwd(), port: config.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  await startupChecks();

  const idleMs = config.TRANSFER_IDLE_SECONDS * 1000;
  const server = createServer(
    {
      // A request's head must arrive within this (slow headers hold a socket each); checked every few seconds.
      headersTimeout: Math.min(30_000, idleMs),
      connectionsCheckingInterval: Math.min(5_000, idleMs),
      // No limit on a whole request: uploads of gigabytes take long. The idle limits below cover stalled ones.
      requestTimeout: 0,
    },
    (req, res) => {
      const started = process.hrtime.bigint();
      const requestId = randomUUID();
      for (const name of BRIDGE_REQUEST_HEADERS) delete req.headers[name];
      req.headers[REQUEST_ID_HEADER] = requestId;
      const peer = req.socket.remoteAddress;
      req.headers[CLIENT_ADDRESS_HEADER] = addressFromRequest({
        socketAddress: peer,
        forwardedFor: req.headers["x-forwarded-for"] as string | undefined,
        trusted,
      });
      // The host and scheme the client asked for count only when a trusted proxy reports them (Next.js and
      // Auth.js build URLs from them); from anyone else they are whatever the client chose to write.
      if (!fromTrustedProxy(peer, trusted)) for (const name of FORWARDED_REQUEST_HEADERS) delete req.headers[name];
      const record = openRequestRecord(requestId, { request: req, response: res });
      // Downloads need Content-Length (browser progress, HEAD, resumable clients).
      const setHeader = res.setHeader.bind(res);
      res.setHeader = (name: string, value: number | string | readonly string[]) =>
        setHeader(name.toLowerCase() === CONTENT_LENGTH_HEADER ? "content-length" : name, value);
      res.once("close", () => {
        const { userId } = record.close(res.writableFinished);
        logger.info(
          {
            requestId,
            userId,
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
      if (!hasValidPath(req.url)) {
        // Next.js answers a malformed percent-encoding with a 500 before any of Coffer's code runs.
        res.writeHead(400, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close" });
        res.end("Bad request: the path is not valid percent-encoding.");
        return;
      }
      void handle(req, res);
    },
  );
  // A connection that moves no byte either way for this long is closed, whatever it was doing. Slow trickles
  // are the app's to catch (an upload body or a download that moves too little is closed there).
  server.setTimeout(idleMs);
  server.listen(config.PORT, config.HOST, () =>
    logger.info({ port: config.PORT, host: config.HOST ?? "all interfaces" }, `Coffer is listening on http://localhost:${config.PORT}`),
  );

  // SIGTERM and SIGINT: stop taking connections, let the requests under way finish (10 s at most), then exit
  // normally, so that exit handlers run (a --cpu-prof profile is written, the log is flushed).
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, "Coffer is stopping");
      server.close(() => process.exit(0));
      server.closeIdleConnections();
      setTimeout(() => {
        server.closeAllConnections();
        process.exit(0);
      }, 10_000).unref();
    });
  }
}

function hasValidPath(url: string | undefined): boolean {
  try {
    decodeURIComponent((url ?? "/").split("?")[0]);
    return true;
  } catch {
    return false;
  }
}

main().catch((error: Error) => {
  // Start-up problems (a bad environment, a wrong master key) are meant for the operator's eyes.
  console.error(error.message);
  process.exit(1);
});
