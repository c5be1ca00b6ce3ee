// The readiness check a load balancer polls, every second or so: does this node's database answer, and its blob
// store? Each dependency gets one cheap question (SELECT 1; the store's ping) with a deadline, so a hung dependency
// costs a poll HEALTH_TIMEOUT_MS, never a pile of waiting queries: while a question is still out, the next poll waits
// for that one instead of asking again. The answer names only what failed; the reasons (hosts, error messages) go
// to the log, once when a dependency fails and once when it is back, never per poll (docs/decisions/071).
import "server-only";
import fsp from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { processSingleton } from "@/lib/process-state";
import { blobStore } from "@/lib/storage";

export type Dependency = "database" | "storage";

/** Longest a poll waits for one dependency. */
export const HEALTH_TIMEOUT_MS = 2_000;
/** A question still out after this long is given up (it may never settle), and the next poll asks anew. */
const ABANDON_AFTER_MS = 10_000;

type Probe = { promise: Promise<void>; since: number };
type State = { probes: Map<Dependency, Probe>; failing: Map<Dependency, string> };

const state = () =>
  processSingleton(
    "health-probes",
    {
      kind: "cache",
      why: "the health check's questions in flight and which dependency is failing, so a poll reuses them and the log hears of changes only",
    },
    (): State => ({ probes: new Map(), failing: new Map() }),
  );

async function pingDatabase(): Promise<void> {
  await db.$queryRaw`SELECT 1`;
  // SQLite's one connection keeps working on a file removed under it (until the restart that finds it gone).
  const url = env().DATABASE_URL;
  if (url.startsWith("file:")) await fsp.access(path.resolve(url.slice("file:".length)), fsp.constants.R_OK | fsp.constants.W_OK);
}

const questions: Record<Dependency, (signal: AbortSignal) => Promise<void>> = {
  database: () => pingDatabase(),
  storage: (signal) => blobStore().ping(signal),
};

/** One dependency's question, shared with the polls that arrive while it is out. */
function ask(dependency: Dependency): Promise<void> {
  const probes = state().probes;
  const out = probes.get(dependency);
  if (out && Date.now() - out.since < ABANDON_AFTER_MS) return out.promise;
  const probe: Probe = {
    since: Date.now(),
    promise: questions[dependency](AbortSignal.timeout(HEALTH_TIMEOUT_MS)).finally(() => {
      if (probes.get(dependency) === probe) probes.delete(dependency);
    }),
  };
  probe.promise.catch(() => undefined);
  probes.set(dependency, probe);
  return probe.promise;
}

/** The answer within HEALTH_TIMEOUT_MS: null when it answered, else why not. */
async function failureOf(dependency: Dependency): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${HEALTH_TIMEOUT_MS} ms`), HEALTH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      ask(dependency).then(
        () => null,
        (error: Error) => `${error.name}: ${error.message}`,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The dependencies that did not answer (none: the node is ready). */
export async function failedDependencies(): Promise<Dependency[]> {
  const dependencies: Dependency[] = ["database", "storage"];
  const results = await Promise.all(dependencies.map(failureOf));
  const failing = state().failing;
  const failed: Dependency[] = [];
  dependencies.forEach((dependency, i) => {
    const reason = results[i];
    if (reason) failed.push(dependency);
    if (reason && !failing.has(dependency)) logger.warn({ dependency, reason }, `health check: the ${dependency} does not answer`);
    if (!reason && failing.has(dependency)) logger.info({ dependency }, `health check: the ${dependency} answers again`);
    if (reason) failing.set(dependency, reason);
    else failing.delete(dependency);
  });
  return failed;
}
