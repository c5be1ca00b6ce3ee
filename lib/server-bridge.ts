// Everything that passes between server.ts (Node's HTTP server) and the app (Next.js), and nothing else:
//  - the request id, the client's address and the Content-Length a download declares, as request and
//    response headers that server.ts owns (it removes any a client sent);
//  - per request, whether the response finished or the client left first, and which user made it,
//    in one record that both sides reach through one globalThis key.
// server.ts and the app load separate copies of this module (server.ts is bundled on its own; the app's
// copy lives in .next), which is why the records hang off globalThis. See docs/decisions/006.

import { addressFromRequest, CLIENT_ADDRESS_HEADER } from "./client-address";

export { addressFromRequest, CLIENT_ADDRESS_HEADER };
export const REQUEST_ID_HEADER = "x-coffer-request-id";
/** Next.js drops Content-Length from route handler responses; server.ts turns this header back into it. */
export const CONTENT_LENGTH_HEADER = "x-coffer-content-length";
/** Headers only server.ts may set: removed from every incoming request before it sets its own. */
export const BRIDGE_REQUEST_HEADERS = [REQUEST_ID_HEADER, CLIENT_ADDRESS_HEADER] as const;

type CloseListener = (finished: boolean) => void;

type RequestRecord = {
  /** null while the response is open; then whether its last byte reached the operating system. */
  outcome: boolean | null;
  userId?: string;
  listeners: Set<CloseListener>;
  /** Closes the connection at once (a transfer that must end without its last byte). */
  destroy: () => void;
};

type Bridge = { requests: Map<string, RequestRecord>; startup?: Promise<void> };

const KEY = Symbol.for("coffer.server-bridge");

function bridge(): Bridge {
  const holder = globalThis as unknown as { [KEY]?: Bridge };
  holder[KEY] ??= { requests: new Map() };
  return holder[KEY];
}

const records = () => bridge().requests;

type HeaderSource = { get(name: string): string | null };

function recordOf(headers: HeaderSource): RequestRecord | undefined {
  const id = headers.get(REQUEST_ID_HEADER);
  return id ? records().get(id) : undefined;
}

// ---- server.ts's side -------------------------------------------------------------------------------

/** Opens the record of a request; server.ts calls `close` once, when Node reports the response closed. */
export function openRequestRecord(id: string, destroy: () => void): { close(finished: boolean): { userId?: string } } {
  const record: RequestRecord = { outcome: null, listeners: new Set(), destroy };
  records().set(id, record);
  return {
    close(finished) {
      records().delete(id);
      record.outcome = finished;
      for (const listener of record.listeners) listener(finished);
      record.listeners.clear();
      return { userId: record.userId };
    },
  };
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

// ---- the app's side ---------------------------------------------------------------------------------

/**
 * Calls `listener` once when the response to this request closes: `true` when its last byte was handed to
 * the operating system, `false` when the client went away first; at once (on the next microtask) when it
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
  recordOf(headers)?.destroy();
}

/** Puts the signed-in user's id on the request's log line. */
export function noteRequestUser(headers: HeaderSource, userId: string): void {
  const record = recordOf(headers);
  if (record) record.userId = userId;
}
