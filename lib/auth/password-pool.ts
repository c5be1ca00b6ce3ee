// bcrypt off the event loop: a few worker threads (lib/auth/password-worker.cjs) and a bounded queue.
// A burst beyond the queue is refused at once ("busy") instead of making every other request wait.
import "server-only";
import { processSingleton } from "@/lib/process-state";
import os from "node:os";
import path from "node:path";
import { Piscina } from "piscina";
import { AppError } from "@/lib/errors";

// One core stays with the event loop; bcrypt at cost 12 keeps a thread busy for about 300 ms.
export const PASSWORD_THREADS = Math.max(1, Math.min(4, os.availableParallelism() - 1));
/** Waiting hashes per thread: about five seconds of work at most. */
export const QUEUE_PER_THREAD = 16;
export const BUSY_RETRY_SECONDS = 5;

type Task = { op: "hash"; input: string; salt: string } | { op: "compare"; input: string; hash: string };

function pool(): Piscina {
  return processSingleton(
    "password-workers",
    { kind: "pool", why: "worker threads hash passwords for this process" },
    () =>
      new Piscina({
        // Resolved at run time from the app's folder: the worker must be a real file, not part of a bundle.
        filename: path.join(process.cwd(), "lib", "auth", "password-worker.cjs"),
        minThreads: 0,
        maxThreads: PASSWORD_THREADS,
        maxQueue: PASSWORD_THREADS * QUEUE_PER_THREAD,
        idleTimeout: 30_000,
      }),
  );
}

/** The server is hashing as much as it can: answer now rather than queue without bound. */
export function passwordWorkBusy(): AppError {
  return new AppError("unavailable", "Coffer is busy checking other sign-ins. Try again in a few seconds.", {
    retryAfterSeconds: BUSY_RETRY_SECONDS,
  });
}

export async function runPasswordTask<T>(task: Task): Promise<T> {
  try {
    return (await pool().run(task)) as T;
  } catch (error) {
    // Piscina refuses a task beyond maxQueue with this message (it has no error class to test for).
    if (error instanceof Error && /queue is at limit/i.test(error.message)) throw passwordWorkBusy();
    throw error;
  }
}
