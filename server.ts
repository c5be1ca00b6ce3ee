// Coffer's HTTP server: Next.js behind a thin layer that decides the client's address, logs one line per
// request, restores Content-Length on downloads and tells the app when each response closes. Everything it
// shares with the app goes through lib/server-bridge.ts (docs/decisions/001 and 006). Built by
// `npm run build` into .next/coffer-server.js and run with plain node; `npm run dev` runs it through tsx.
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { Server as NetServer, type Socket } from "node:net";
import next from "next";
import { loadEnvConfig } from "@next/env";
import {
  addressFromRequest,
  beginShutdown,
  BRIDGE_REQUEST_HEADERS,
  CLIENT_ADDRESS_HEADER,
  CONTENT_LENGTH_HEADER,
  FORWARDED_REQUEST_HEADERS,
  fromTrustedProxy,
  openRequestRecord,
  REQUEST_ID_HEADER,
  runShutdownHooks,
  startupChecks,
  trustedProxies,
  workInProgress,
} from "./lib/server-bridge";
import { fallbackContentSecurityPolicy, securityHeaders } from "./lib/security/response-headers";
import { hasBody, isTransfer, refusal } from "./lib/security/request-rules";

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
  const headers = securityHeaders(config.NODE_ENV === "production");
  // A body that is not a transfer (an action, a sign-in) must arrive within this; a slow one held a socket forever.
  const bodyMs = Math.min(30_000, idleMs);
  let stopping = false;
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
      // A node that is stopping answers what arrives on connections it already had, and closes each after its answer.
      if (stopping) res.shouldKeepAlive = false;
      // Downloads need Content-Length (browser progress, HEAD, resumable clients).
      const setHeader = res.setHeader.bind(res);
      res.setHeader = (name: string, value: number | string | readonly string[]) =>
        setHeader(name.toLowerCase() === CONTENT_LENGTH_HEADER ? "content-length" : name, value);
      // The security headers, for every answer that does not set its own (Next.js keeps a header already present
      // over a route handler's, so they are added when the head is written, not before).
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
      res.writeHead = ((...args: unknown[]) => {
        const given = headerNames(args.find((arg) => typeof arg === "object" && arg !== null));
        for (const [name, value] of headers) {
          if (res.hasHeader(name) || given.has(name.toLowerCase())) continue;
          res.setHeader(name, name === "Content-Security-Policy" ? fallbackContentSecurityPolicy((req.url ?? "/").split("?")[0]) : value);
        }
        return writeHead(...args);
      }) as typeof res.writeHead;
      const route = logRoute((req.url ?? "/").split("?")[0]);
      res.once("close", () => {
        const { userId } = record.close(res.writableFinished);
        // A load balancer polls these every second: the health check logs when a dependency fails or is back instead.
        if (HEALTH_ROUTES.has(route) && res.writableFinished) return;
        logger.info(
          {
            requestId,
            userId,
            method: req.method,
            // Never a query string or a link token: they can carry secrets.
            route,
            status: res.statusCode,
            durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
            aborted: !res.writableFinished,
          },
          "request",
        );
      });
      const refused =
        refusal(req, { fromLoopback: isLoopback(peer) }) ??
        (hasValidPath(req.url) ? null : { status: 400, message: "Bad request: the path is not valid percent-encoding." });
      if (refused) {
        // Before Next.js, which answers these with a 500 (a malformed percent-encoding, TRACE, an oversize action) or worse.
        res.writeHead(refused.status, {
          ...(refused.status === 204 ? {} : { "content-type": "text/plain; charset=utf-8" }),
          ...(refused.allow ? { allow: refused.allow } : {}),
          "cache-control": "no-store",
          connection: "close",
        });
        if (hasBody(req.headers)) lingerBeforeClosing(req.socket);
        res.end(refused.status === 204 ? undefined : refused.message);
        return;
      }
      if (hasBody(req.headers) && !isTransfer(req.method ?? "GET", (req.url ?? "/").split("?")[0])) limitBodyTime(req, res, bodyMs);
      void handle(req, res);
    },
  );
  // What Node's parser refuses (a method HTTP does not know, a request line it cannot read, a head too large or too
  // slow) never reaches the handler above: answered here the way Node would, with the security headers.
  const headerLines = headers.map(([name, value]) => `${name}: ${value}\r\n`).join("");
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code !== "ECONNRESET" && socket.writable && socket.bytesWritten === 0) {
      const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
      const body = `${STATUS_CODES[status]}.`;
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headerLines}Content-Type: text/plain; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  });
  // A connection that moves no byte either way for this long is closed, whatever it was doing. Slow trickles
  // are the app's to catch (an upload body or a download that moves too little is closed there).
  server.setTimeout(idleMs);
  server.listen(config.PORT, config.HOST, () =>
    logger.info({ port: config.PORT, host: config.HOST ?? "all interfaces" }, `Coffer is listening on http://localhost:${config.PORT}`),
  );

  // SIGTERM and SIGINT: stop taking connections and answer the health check 503 at once, let the transfers under way
  // finish for SHUTDOWN_GRACE_SECONDS at most (a second signal cuts them at once), cut off what still runs, let the
  // app record how each ended and give back the leases this node holds, then exit normally, so that exit handlers run
  // (a --cpu-prof profile is written, the log is flushed). docs/decisions/071.
  const graceMs = config.SHUTDOWN_GRACE_SECONDS * 1000;
  let hurry = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      hurry = true;
      return;
    }
    stopping = true;
    const began = Date.now();
    beginShutdown();
    logger.info({ signal, graceSeconds: config.SHUTDOWN_GRACE_SECONDS, running: workInProgress() }, "Coffer is stopping");
    // Only the listening socket closes (http.Server's close would also drop idle keep-alive connections at once): a
    // balancer polling over one keeps it until its next answer, a 503, and new connections are refused.
    NetServer.prototype.close.call(server);
    const until = async (deadline: number) => {
      while (workInProgress() > 0 && Date.now() < deadline && !hurry) await new Promise((resolve) => setTimeout(resolve, 25));
    };
    await until(began + graceMs);
    const cut = workInProgress();
    if (cut > 0) logger.warn({ cut, graceSeconds: config.SHUTDOWN_GRACE_SECONDS }, "the grace is over: cutting off what still runs");
    server.closeAllConnections();
    // The transfers cut off record how they ended (a link's claim, an upload's session); a few seconds at most.
    hurry = false;
    await until(Date.now() + SETTLE_MS);
    await runShutdownHooks((error) => logger.error({ err: error }, "giving back a lease at shutdown failed"));
    logger.info({ signal, tookMs: Date.now() - began, cut }, "Coffer stopped");
    process.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(signal));
}

/** Routes a load balancer polls, not logged per request. */
const HEALTH_ROUTES = new Set(["/api/health", "/api/health/live"]);
/** After the cut, how long the app gets to record how the cut transfers ended before the leases are given back. */
const SETTLE_MS = 5_000;

const isLoopback = (address: string | undefined) => address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";

/** The header names in writeHead's headers argument: an object, an array of pairs, or a flat array. */
function headerNames(given: unknown): Set<string> {
  if (!given) return new Set();
  if (!Array.isArray(given)) return new Set(Object.keys(given).map((name) => name.toLowerCase()));
  const names = Array.isArray(given[0]) ? given.map((pair) => pair[0]) : given.filter((_, i) => i % 2 === 0);
  return new Set(names.map((name) => String(name).toLowerCase()));
}

/** How long a refused request's body is still read (and dropped) before its connection closes. */
const LINGER_MS = 5_000;

/**
 * Closing a connection while the client still sends makes the client's system answer the unread bytes with a reset,
 * which drops our answer (the 413) before the client reads it (RFC 9112 §9.6). So, for this connection only, Node's
 * close after the answer closes our side, and the rest of the body is read and dropped until the client closes or
 * for LINGER_MS, as nginx's lingering close does.
 */
function lingerBeforeClosing(socket: Socket): void {
  socket.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
    socket.on("data", () => undefined);
    socket.resume();
  };
}

/** Answers 408 and closes the connection when the request's body has not all arrived within `ms`. */
function limitBodyTime(req: IncomingMessage, res: ServerResponse, ms: number): void {
  const expire = () => {
    // All of it arrived, or as much as the app has not read yet (Node stops reading the socket then): a busy server is
    // slow to take the body, not the client to send it. Checked again a period later.
    if (req.complete || req.readableLength >= req.readableHighWaterMark) {
      timer = setTimeout(expire, ms).unref();
      return;
    }
    if (res.headersSent) return void req.socket.destroy();
    res.writeHead(408, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close" });
    // Closed once the answer is written, so the client reads it rather than a reset.
    res.end("The request body took too long to arrive.", () => req.socket.destroy());
  };
  let timer = setTimeout(expire, ms).unref();
  const done = () => clearTimeout(timer);
  req.once("end", done);
  req.once("close", done);
  res.once("close", done);
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
