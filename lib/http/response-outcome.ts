// Whether a response's last byte was handed to the operating system, or the client left first.
// server.ts registers every response under its request id; route handlers ask here, so a download
// counts as complete only when Node has flushed it all, not merely when the stream ended.
type Registry = Map<string, Promise<boolean>>;

const registry = (): Registry => {
  const holder = globalThis as unknown as { cofferResponses?: Registry };
  holder.cofferResponses ??= new Map();
  return holder.cofferResponses;
};

export const REQUEST_ID_HEADER = "x-request-id";

/** Called by server.ts for each request. */
export function trackResponse(requestId: string, outcome: Promise<boolean>): void {
  registry().set(requestId, outcome);
  void outcome.finally(() => registry().delete(requestId));
}

/** Resolves to true when the response finished, false when the client went away; null when untracked. */
export function responseOutcome(request: Request): Promise<boolean> | null {
  const id = request.headers.get(REQUEST_ID_HEADER);
  return (id && registry().get(id)) || null;
}
