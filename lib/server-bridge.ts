// Everything that passes between server.ts (Node's HTTP server) and the app (Next.js), and nothing else:
//  - the request id, the client's address and the Content-Length a download declares, as request and
//    response headers that server.ts owns (it removes any a client sent);
//  - per request, whether the response finished or the client left first, and which user made it,
//    in one record that both sides reach through the process-state registry (lib/process-state.ts);
//  - Node's own request and response, so that uploads and downloads move their bytes without the web-stream
//    conversions Next.js would put in between (docs/decisions/013);
//  - the shutdown: server.ts says the node is stopping (the health check answers 503), waits for the transfers and
//    their bookkeeping the app holds it for, then runs what the app registered to give back (docs/decisions/071).
// server.ts and the app load separate copies of this module (server.ts is bundled on its own; the app's
// copy lives in .next), which is why the records live in the registry, which hangs off globalThis. See docs/decisions/006.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { processSingleton } from "./process-state";
import { addressFromRequest, CLIENT_ADDRESS_HEADER, fromTrustedProxy, trustedProxies } from "./client-address";

export { addressFromRequest, CLIENT_ADDRESS_HEADER, fromTrustedProxy, trustedProxies };
/** What a reverse proxy reports about the original request; removed unless the peer is a trusted proxy. */
export const FORWARDED_REQUEST_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"] as const;
export const REQUEST_ID_HEADER = "x-coffer-request-id";
/** Next.js drops Content-Length from route handler responses; server.ts turns this header back into it. */
export const CONTENT_LENGTH_HEADER = "x-coffer-content-length";
/** Headers only server.ts may set: removed from every incoming request before it sets its own. */
export const BRIDGE_REQUEST_HEADERS = [REQUEST_ID_HEADER, CLIENT_ADDRESS_HEADER] as const;

type CloseListener = (finished: boolean) => void;

type RequestRecord = {
  /** Node's own request and response, for the transfers that stream bytes (docs/decisions/013). */
  request: IncomingMessage;
  response: ServerResponse;
  /** null while the response is open; then whether its last byte reached the operating system. */
  outcome: boolean | null;
  userId?: string;
  listeners: Set<CloseListener>;
};

type Bridge = {
  requests: Map<string, RequestRecord>;
  startup?: Promise<void>;
  /** Set once SIGTERM arrived: the node takes no new work. */
  stopping: boolean;
  /** Work the app asked the shutdown to wait for (a transfer until its outcome is recorded). */
  holds: number;
  /** What the app gives back before the process exits (leases, claims), run once by server.ts. */
  shutdownHooks: (() => Promise<void>)[];
};

function bridge(): Bridge {
  return processSingleton(
    "server-bridge",
    { kind: "per-request", why: "records of the requests this process is answering and of its shutdown, shared by server.ts and the app" },
    (): Bridge => ({ requests: new Map(), stopping: false, holds: 0, shutdownHooks: [] }),
  );
}

const records = () => bridge().requests;

type HeaderSource = { get(name: string): string | null };

function recordOf(headers: HeaderSource): RequestRecord | undefined {
  const id = headers.get(REQUEST_ID_HEADER);
  return id ? records().get(id) : undefined;
}

// ---- server.ts's side -------------------------------------------------------------------------------

/** Longest wait for a finished response's connection to say whether the client took every byte. */
const DELIVERY_CONFIRMATION_MS = 2_000;
/** Per connection, the finished response still waiting to hear that its client read it all. */
const awaitingConfirmation = new WeakMap<Socket, (delivered: boolean) => void>();

/** Opens the record of a request; server.ts calls `close` once, when Node reports the response closed. */
export function openRequestRecord(
  id: string,
  exchange: { request: IncomingMessage; response: ServerResponse },
): { close(finished: boolean): { userId?: string } } {
  const record: RequestRecord = { outcome: null, listeners: new Set(), ...exchange };
  records().set(id, record);
  // A new request on the connection means its client read the previous response to the end.
  const socket = exchange.request.socket;
  awaitingConfirmation.get(socket)?.(true);
  const settle = (finished: boolean) => {
    record.outcome = finished;
    for (const listener of record.listeners) listener(finished);
    record.listeners.clear();
  };
  return {
    close(finished) {
      records().delete(id);
      // A finished response only reached the operating system: megabytes can wait in socket buffers, and a
      // client that leaves before reading them resets the connection. Whoever listens (a download deciding
      // whether a link's download completed) hears once the connection shows it: a reset, a clean close,
      // the next request, or quiet for a while.
      if (!finished || record.listeners.size === 0 || socket.destroyed) settle(finished && !socket.errored);
      else confirmDelivery(socket, settle);
      return { userId: record.userId };
    },
  };
}

function confirmDelivery(socket: Socket, settle: (delivered: boolean) => void): void {
  const done = (delivered: boolean) => {
    clearTimeout(timer);
    socket.off("close", onClose);
    if (awaitingConfirmation.get(socket) === done) awaitingConfirmation.delete(socket);
    settle(delivered);
  };
  const onClose = (hadError: boolean) => done(!hadError && !socket.errored);
  const timer = setTimeout(() => done(true), DELIVERY_CONFIRMATION_MS);
  timer.unref();
  socket.once("close", onClose);
  awaitingConfirmation.set(socket, done);
}

/** Waits for the app's start-up checks (master keys, stale slots); server.ts listens only after them. */
export async function startupChecks(timeoutMs = 30_000): Promise<void> {
  for (let waited = 0; !bridge().startup && waited < timeoutMs; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const startup = bridge().startup;
  if (!startup) throw new Error("Coffer cannot start: the start-up checks did not run.");
  await startup;
}

/** SIGTERM: from now on the node is stopping (the health check answers 503, nothing new should start). */
export function beginShutdown(): void {
  bridge().stopping = true;
}

/** Requests still open and work the app holds the shutdown for: the node exits once this is 0 or the grace is over. */
export function workInProgress(): number {
  return bridge().requests.size + bridge().holds;
}

/** Runs what the app registered to give back, each failure logged by `onError` and the next one run. */
export async function runShutdownHooks(onError: (error: unknown) => void): Promise<void> {
  for (const hook of bridge().shutdownHooks.splice(0)) await hook().catch(onError);
}

// ---- the app's side ---------------------------------------------------------------------------------

/** Whether this node is shutting down (SIGTERM arrived). */
export function isStopping(): boolean {
  return bridge().stopping;
}

/**
 * Holds the shutdown until the function answered is called (once; later calls do nothing): a transfer holds it
 * from its start until its outcome is recorded, so a download that completes in the grace counts before the node
 * gives back its claims.
 */
export function holdShutdown(): () => void {
  bridge().holds++;
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    bridge().holds--;
  };
}

/** Registers what the app gives back when the node stops (after the transfers ended), in the order registered. */
export function onShutdown(hook: () => Promise<void>): void {
  bridge().shutdownHooks.push(hook);
}

/**
 * Calls `listener` once when the response to this request is over: `true` when its last byte was handed to
 * the operating system and the client did not then reset the connection (it read them, or at least kept
 * them for 2 seconds), `false` when the client went away first; at once (on the next microtask) when it
 * has already closed, however early the client left. Answers a function that removes the listener, or
 * null for a request that did not come through server.ts (Coffer does not support serving without it).
 */
export function onResponseClose(headers: HeaderSource, listener: CloseListener): (() => void) | null {
  const id = headers.get(REQUEST_ID_HEADER);
  if (!id) return null;
  const record = records().get(id);
  // server.ts forgets a record when its response closes: a known id without a record has closed already.
  if (!record || record.outcome !== null) {
    const outcome = record?.outcome ?? false;
    queueMicrotask(() => listener(outcome));
    return () => undefined;
  }
  record.listeners.add(listener);
  return () => record.listeners.delete(listener);
}

/** instrumentation.ts runs the start-up checks inside Next.js and announces them here, once. */
export function announceStartup(start: () => Promise<void>): Promise<void> {
  bridge().startup ??= start();
  return bridge().startup!;
}

/** Whether the request came through server.ts (always, in Coffer; never for a request made in-process). */
export function cameThroughServer(headers: HeaderSource): boolean {
  return headers.get(REQUEST_ID_HEADER) !== null;
}

/**
 * Ends the response to this request without its last byte, closing the connection: for a transfer whose
 * client stopped reading (Next.js would wait for it forever) or whose permission was withdrawn.
 */
export function destroyResponse(headers: HeaderSource): void {
  recordOf(headers)?.response.destroy();
}

/**
 * Node's request, while nothing has read its body: an upload reads it directly instead of through the web
 * stream Next.js would make of it (one conversion each way per chunk). Null for a request server.ts does
 * not know, or whose body something already started reading.
 */
export function unreadRequestBody(headers: HeaderSource): IncomingMessage | null {
  const request = recordOf(headers)?.request;
  return request && !request.readableDidRead && !request.readableEnded ? request : null;
}

/** Node's response, for a download that writes its bytes directly (see lib/http/download/body.ts). */
export function nodeResponse(headers: HeaderSource): ServerResponse | null {
  const record = recordOf(headers);
  return record && record.outcome === null ? record.response : null;
}

/** Puts the signed-in user's id on the request's log line. */
export function noteRequestUser(headers: HeaderSource, userId: string): void {
  const record = recordOf(headers);
  if (record) record.userId = userId;
}
