// Checks a link's password, throttled per link and per client address. A wrong password is recorded in
// the link owner's audit trail, with the visitor's address cut to its network.
import "server-only";
import { db } from "@/lib/db";
import { fieldError, notFound } from "@/lib/errors";
import { needsRehash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { consumeAll, reward, tooManyAttempts } from "@/lib/rate-limit";
import { throttleKey } from "@/lib/client-address";
import { audit } from "@/lib/audit";
import { findAvailableLink } from "./find-available-link";
import { linkName } from "./create-link";

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
  const limit = await consumeAll(keys);
  if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);
  let matches: boolean;
  try {
    matches = await verifyPassword(opts.password, link.passwordHash);
  } catch (error) {
    for (const [name, key] of keys) await reward(name, key);
    throw error;
  }
  if (!matches) {
    const owner = await db.file.findUnique({ where: { id: link.fileId }, select: { ownerId: true } });
    await audit({
      kind: "link.password_failed",
      userId: owner?.ownerId,
      actorId: null,
      detail: `${link.file.name}${link.label ? ` (link "${link.label}")` : ""}`,
      fileName: link.file.name,
      peer: linkName(link),
      address: opts.address,
    });
    throw fieldError("password", "That password is not correct.");
  }
  for (const [name, key] of keys) await reward(name, key);
  if (needsRehash(link.passwordHash)) {
    const passwordHash = await hashPassword(opts.password).catch(() => null);
    if (passwordHash) await db.link.updateMany({ where: { id: link.id, passwordHash: link.passwordHash }, data: { passwordHash } });
  }
  return { linkId: link.id };
}
