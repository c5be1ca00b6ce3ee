// The turns of image-preview renders on this node. A few run at once; when one ends, the next comes from the owner
// with the fewest renders running (owners in the order they started waiting), so one owner's burst delays another
// owner's preview by at most one render. Each owner may have a few renders waiting and the node a bounded number in
// all; beyond that the answer is "not ready" at once, never a wait without end. Process memory on purpose: it shares
// this node's cores, which no other node has (docs/decisions/026).
import "server-only";
import { processSingleton } from "@/lib/process-state";
import { AppError } from "@/lib/errors";

export const RENDERS_AT_ONCE = 2;
/** A page of the file list (PAGE_SIZE) may wait for its thumbnails; a longer burst is told to come back. */
export const WAITING_PER_OWNER = 25;
export const WAITING_IN_ALL = 100;
/** What a visitor is told to wait when the queue is full: about one render. */
const RETRY_AFTER_SECONDS = 5;

type Queue = { running: Map<string, number>; runningInAll: number; waiting: Map<string, (() => void)[]>; waitingInAll: number };

const queue = processSingleton(
  "preview-render-queue",
  { kind: "pool", why: "turns at this process's image decoders (the per-owner budget is a rate limit, shared on PostgreSQL)" },
  (): Queue => ({ running: new Map(), runningInAll: 0, waiting: new Map(), waitingInAll: 0 }),
);

export function previewNotReady(retryAfterSeconds = RETRY_AFTER_SECONDS): AppError {
  return new AppError("unavailable", "The preview is not ready yet. Try again in a moment.", { retryAfterSeconds });
}

/** Runs `work` in the owner's turn; refused with "not ready" when the owner or the node has too much waiting. */
export function inRenderTurn<T>(ownerId: string, work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const start = () => {
      queue.runningInAll++;
      queue.running.set(ownerId, (queue.running.get(ownerId) ?? 0) + 1);
      work()
        .then(resolve, reject)
        .finally(() => {
          queue.runningInAll--;
          const left = queue.running.get(ownerId)! - 1;
          if (left === 0) queue.running.delete(ownerId);
          else queue.running.set(ownerId, left);
          startNext();
        });
    };
    if (queue.runningInAll < RENDERS_AT_ONCE) return start();
    const mine = queue.waiting.get(ownerId) ?? [];
    if (mine.length >= WAITING_PER_OWNER || queue.waitingInAll >= WAITING_IN_ALL) return reject(previewNotReady());
    mine.push(start);
    queue.waiting.set(ownerId, mine);
    queue.waitingInAll++;
  });
}

function startNext() {
  let next: string | undefined;
  for (const owner of queue.waiting.keys()) {
    if (next === undefined || (queue.running.get(owner) ?? 0) < (queue.running.get(next) ?? 0)) next = owner;
  }
  if (next === undefined) return;
  const jobs = queue.waiting.get(next)!;
  const job = jobs.shift()!;
  queue.waitingInAll--;
  // To the back of the line: owners with as many running take turns.
  queue.waiting.delete(next);
  if (jobs.length > 0) queue.waiting.set(next, jobs);
  job();
}
