// Every piece of state this process keeps in memory, registered in one place with one line saying why it may live
// there (docs/decisions/034; tests/unit/process-state.test.ts lists the registry). What several nodes must agree on
// is in the database: uploads under way (PendingBlob rows, leases by holder), link download counts and claims (Link and
// DownloadClaim rows), which node runs the routine sweeps (a Lease row),
// the mail sender's lease (OutboxMail), rate limits on PostgreSQL (rate_limit_counter). What is left here is per
// process by design: connection and worker pools, caches, and what lives and dies with one request or one transfer
// on this process.
// The registry hangs off one globalThis key because server.ts and the app (Next.js) are separate bundles
// with their own module instances; both must find the same entries.

/** Why an entry may live in one process's memory. */
export type ProcessStateKind =
  | "pool" // connections or workers: each process has its own by nature
  | "cache" // derived from the database or the environment; losing it costs time, never correctness
  | "per-request" // belongs to requests or transfers running in this process, and dies with them
  | "single-node"; // shared state kept in memory only where one node is all there is (SQLite)

export type ProcessStateEntry = { name: string; kind: ProcessStateKind; why: string };

type Registry = Map<string, ProcessStateEntry & { value: unknown }>;

const KEY = Symbol.for("coffer.process-state");

function registry(): Registry {
  const holder = globalThis as unknown as { [KEY]?: Registry };
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/** The process's one `name`, made by `create` on first use; `kind` and `why` say why it may live in memory. */
export function processSingleton<T>(name: string, note: { kind: ProcessStateKind; why: string }, create: () => T): T {
  const entries = registry();
  const found = entries.get(name);
  if (found) return found.value as T;
  const value = create();
  entries.set(name, { name, ...note, value });
  return value;
}

/** What this process holds so far, for tests and diagnostics (values left out). */
export function processStateEntries(): ProcessStateEntry[] {
  return [...registry().values()].map(({ name, kind, why }) => ({ name, kind, why }));
}
