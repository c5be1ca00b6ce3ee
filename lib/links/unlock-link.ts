// Checks a link's password, throttled per link and per client address.
import "server-only";
import { fieldError, notFound } from "@/lib/errors";
import { verifyPassword } from "@/lib/auth/password";
import { consume, reward, tooManyAttempts } from "@/lib/rate-limit";
import { throttleKey } from "@/lib/client-address";
import { findAvailableLink } from "./find-available-link";

export const LINK_NOT_AVAILABLE = "This link is not available.";

export async function unlockLink(opts: { token: string; password: string; address: string }): Promise<{ linkId: string }> {
  const link = await findAvailableLink(opts.token);
  if (!link || !link.passwordHash) throw notFound(LINK_NOT_AVAILABLE);
  const keys = [
    ["linkPasswordLink", link.id],
    ["linkPasswordAddress", throttleKey(opts.address)],
  ] as const;
  // Every attempt spends its point before the (slow) check, so parallel guesses cannot slip past the
  // limit; a right password gets its points back, so only failures count.
  for (const [name, key] of keys) {
    const state = await consume(name, key);
    if (!state.ok) throw tooManyAttempts(state.retryAfterSeconds);
  }
  if (!(await verifyPassword(opts.password, link.passwordHash))) {
    throw fieldError("password", "That password is not correct.");
  }
  for (const [name, key] of keys) await reward(name, key);
  return { linkId: link.id };
}
