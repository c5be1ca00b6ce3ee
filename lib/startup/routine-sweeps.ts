// The routine sweeps run on one node at a time: the node that holds the "routine-sweeps" lease (docs/decisions/066).
// Every node asks for it every quarter of SWEEP_LEASE_SECONDS (the holder's asking renews it); the holder sweeps
// when it takes the lease and every SWEEP_INTERVAL_SECONDS while it keeps it. When it dies, the lease runs out and
// the next node to ask takes the sweeps over. Each sweep is safe to run twice at once (every removal is conditional),
// so a holder that lost the lease mid-sweep finishing its sweep costs work, never data: the lease saves the work.
import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { acquireLease, releaseLease } from "@/lib/leases/named-lease";
import { sweepStorage } from "@/lib/files/sweep-storage";
import { sweepPreviews } from "@/lib/files/preview-cache";
import { removeDeletedBlobs } from "@/lib/files/remove-deleted-blobs";
import { reconcileStorageIfDue } from "@/lib/files/reconcile-storage";
import { clearExpiredRateLimits } from "@/lib/db";
import { mailEnabled } from "@/lib/outbox/enqueue-mail";
import { noticeExpiredLinks } from "@/lib/links/notice-expired-links";

export const ROUTINE_SWEEPS_LEASE = "routine-sweeps";

const state = { leader: false, sweeping: false, stopped: false, timers: [] as NodeJS.Timeout[] };

/** The sweeps, in order; each failure is logged and the next one runs. */
async function sweepOnce(): Promise<void> {
  if (state.sweeping) return; // a reconciliation of a large store may outlast the interval
  state.sweeping = true;
  try {
    await sweepStorage().catch((error) => logger.error({ err: error }, "storage sweep failed"));
    await removeDeletedBlobs().catch((error) => logger.error({ err: error }, "removing deleted blobs failed"));
    await sweepPreviews().catch((error) => logger.error({ err: error }, "preview sweep failed"));
    await reconcileStorageIfDue().catch((error) => logger.error({ err: error }, "storage reconciliation failed"));
    await clearExpiredRateLimits().catch((error) => logger.error({ err: error }, "clearing expired rate limits failed"));
  } finally {
    state.sweeping = false;
  }
}

/** Asks for the lease (renewing it when this node holds it); sweeps at once on taking it over. */
async function askForLease(): Promise<void> {
  if (state.stopped) return;
  const holder = env().NODE_NAME;
  let leader: boolean;
  try {
    leader = await acquireLease({ name: ROUTINE_SWEEPS_LEASE, holder, seconds: env().SWEEP_LEASE_SECONDS });
  } catch (error) {
    logger.error({ err: error }, "asking for the routine sweeps' lease failed");
    leader = false;
  }
  if (state.stopped) return;
  const was = state.leader;
  state.leader = leader;
  if (leader && !was) {
    logger.info({ holder }, "this node runs the routine sweeps");
    void sweepOnce();
    void scanExpiredLinks();
  } else if (!leader && was) logger.info({ holder }, "another node runs the routine sweeps now");
}

/** Starts asking for the lease now and every quarter of it, and sweeping while this node holds it. */
export function startRoutineSweeps(): void {
  const every = (ms: number, run: () => Promise<unknown>) => state.timers.push(setInterval(() => void run(), ms).unref());
  void askForLease();
  every(Math.max(5, env().SWEEP_LEASE_SECONDS / 4) * 1000, askForLease);
  every(env().SWEEP_INTERVAL_SECONDS * 1000, async () => state.leader && sweepOnce());
  every(60_000, async () => state.leader && scanExpiredLinks());
}

/** Links expire without anything happening: the sweeping node looks for them once a minute and tells each owner. */
async function scanExpiredLinks(): Promise<void> {
  if (!mailEnabled()) return;
  await noticeExpiredLinks().catch((error) => logger.error({ err: error }, "expired links scan failed"));
}

/** For a node shutting down: no more sweeps start here, and the lease goes at once (another node takes it). */
export async function stopRoutineSweeps(): Promise<void> {
  state.stopped = true;
  for (const timer of state.timers.splice(0)) clearInterval(timer);
  if (!state.leader) return;
  state.leader = false;
  await releaseLease({ name: ROUTINE_SWEEPS_LEASE, holder: env().NODE_NAME });
}
