// Checks a link's password, throttled so that guessing is slow but nobody can lock the link's real
// visitors out (docs/decisions/020):
//  - per address, across links: an address that keeps failing is stopped whatever link it tries;
//  - per link: once a link has had its share of wrong passwords, it is under attack, and from then on
//    an address that has already failed on it gets no more tries until its failure expires. A visitor
//    from an address with no failures on the link (or who unlocked it before) is still checked.
// A wrong password is recorded in the link owner's audit trail, with the visitor's address cut to its network.
import "server-only";
import { db } from "@/lib/db";
import { fieldError, notFound } from "@/lib/errors";
import { needsRehash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { consume, reset, reward, tooManyAttempts } from "@/lib/rate-limit";
import { throttleKey } from "@/lib/client-address";
import { audit } from "@/lib/audit";
import { findLinkForVisitor, LINK_NOT_AVAILABLE } from "./find-link-for-visitor";
import { linkName } from "./link-name";

export async function unlockLink(opts: { token: string; password: string; address: string }): Promise<{ linkId: string }> {
  const link = await findLinkForVisitor({ token: opts.token, address: opts.address });
  if (!link.passwordHash) throw notFound(LINK_NOT_AVAILABLE);
  const address = throttleKey(opts.address);
  const linkAddress = `${link.id}|${address}`;
  // Gives back what this attempt spent, and only what it spent: a refused consume is not rewarded. (A limit with a
  // block writes its counter when it starts blocking; on PostgreSQL a concurrent refused attempt's reward would
  // then come off that written value and let a later guess through.)
  const spent: [Parameters<typeof reward>[0], string][] = [];
  const giveBack = async () => {
    for (const [name, key] of spent) await reward(name, key);
  };

  // Every attempt spends its points before the (slow) check, so parallel guesses cannot slip past the
  // limits: an attempt under way counts as a failure until it is known to be right.
  const fromAddress = await consume("linkPasswordAddress", address);
  if (!fromAddress.ok) throw tooManyAttempts(fromAddress.retryAfterSeconds);
  spent.push(["linkPasswordAddress", address]);
  const onLink = await consume("linkPasswordLink", link.id);
  if (onLink.ok) spent.push(["linkPasswordLink", link.id]);
  const onLinkFromAddress = await consume("linkPasswordLinkAddress", linkAddress);
  if (onLinkFromAddress.ok) spent.push(["linkPasswordLinkAddress", linkAddress]);
  if (!onLink.ok && !onLinkFromAddress.ok) {
    // Refused without a check: this attempt is not a failure, so it gives its points back.
    await giveBack();
    throw tooManyAttempts(Math.min(onLink.retryAfterSeconds, onLinkFromAddress.retryAfterSeconds));
  }

  let matches: boolean;
  try {
    matches = await verifyPassword(opts.password, link.passwordHash);
  } catch (error) {
    // The check itself failed (the hashing pool is busy): not a wrong password.
    await giveBack();
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
  // Only failures count; an address that knows the password is forgiven its typos on this link.
  await reward("linkPasswordAddress", address);
  await reward("linkPasswordLink", link.id);
  await reset("linkPasswordLinkAddress", linkAddress);
  if (needsRehash(link.passwordHash)) {
    const passwordHash = await hashPassword(opts.password).catch(() => null);
    if (passwordHash) await db.link.updateMany({ where: { id: link.id, passwordHash: link.passwordHash }, data: { passwordHash } });
  }
  return { linkId: link.id };
}
