// The link behind a visitor's token, for the link page, the password check, the download and the preview alike. A token
// that finds no usable link is a miss: it counts toward the address's guessing limit (proxy.ts answers 429
// once it is spent), so guessing costs the same whichever of them a guesser calls.
import "server-only";
import { notFound, type AppError } from "@/lib/errors";
import { consume, tooManyAttempts } from "@/lib/rate-limit";
import { throttleKey } from "@/lib/client-address";
import { findAvailableLink, type AvailableLink } from "./find-available-link";

export const LINK_NOT_AVAILABLE = "This link is not available.";

/** Counts a miss from this address; answers the error to throw: not_found, or rate_limited once the limit is spent. */
export async function linkMiss(address: string): Promise<AppError> {
  const miss = await consume("linkMiss", throttleKey(address));
  return miss.ok ? notFound(LINK_NOT_AVAILABLE) : tooManyAttempts(miss.retryAfterSeconds);
}

/** The available link, or (after counting the miss) the AppError linkMiss answers. */
export async function findLinkForVisitor(opts: { token: string; address: string }): Promise<AvailableLink> {
  const link = await findAvailableLink(opts.token);
  if (link) return link;
  throw await linkMiss(opts.address);
}
