// How many uploads each user has under way on this server: MAX_CONCURRENT_UPLOADS at once, so one account
// cannot tie up the disk and the server with dozens of parallel transfers. (Per server: with several
// servers, each enforces its own count.)
import "server-only";
import { processSingleton } from "@/lib/process-state";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

function running(): Map<string, number> {
  return processSingleton(
    "upload-slots",
    { kind: "per-request", why: "uploads under way on this process: each node guards its own disk and CPU" },
    () => new Map<string, number>(),
  );
}

/** Takes one of the user's upload slots; answers the function that gives it back (safe to call twice). */
export function takeUploadSlot(userId: string): () => void {
  const limit = env().MAX_CONCURRENT_UPLOADS;
  const now = running().get(userId) ?? 0;
  if (now >= limit) {
    throw new AppError("rate_limited", `You already have ${limit} uploads under way. Wait for one to finish, then try again.`, {
      retryAfterSeconds: 5,
    });
  }
  running().set(userId, now + 1);
  let given = false;
  return () => {
    if (given) return;
    given = true;
    const left = (running().get(userId) ?? 1) - 1;
    if (left > 0) running().set(userId, left);
    else running().delete(userId);
  };
}
