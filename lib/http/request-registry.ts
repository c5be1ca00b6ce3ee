// What server.ts knows about each request, shared with the app by request id:
// - whether the response's last byte was handed to the operating system, or the client left first
//   (a link download counts as complete only when Node has flushed it all, not when the stream ended);
// - which user made it, for the request's log line.
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

// The signed-in user of each request, noted by currentUser() so that server.ts can put it on the request's log line.
const users = (): Map<string, string> => {
  const holder = globalThis as unknown as { cofferRequestUsers?: Map<string, string> };
  holder.cofferRequestUsers ??= new Map();
  return holder.cofferRequestUsers;
};

export function noteRequestUser(requestId: string | null, userId: string): void {
  if (requestId && registry().has(requestId)) users().set(requestId, userId);
}

/** Called by server.ts when the request ends; forgets the entry. */
export function takeRequestUser(requestId: string): string | undefined {
  const userId = users().get(requestId);
  users().delete(requestId);
  return userId;
}

/** Resolves to true when the response finished, false when the client went away; null when untracked. */
export function responseOutcome(request: Request): Promise<boolean> | null {
  const id = request.headers.get(REQUEST_ID_HEADER);
  return (id && registry().get(id)) || null;
}
