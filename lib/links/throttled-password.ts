// A password that guards a public page (a link's, a file request's), checked under the throttles of decision 020:
//  - per address, across links and requests: an address that keeps failing is stopped whatever it tries;
//  - per link or request: once one has had its share of wrong passwords it is under attack, and from then on an
//    address that has already failed on it gets no more tries until its failure expires. A visitor from an address
//    with no failures on it (or who unlocked it before) is still checked.
import "server-only";
import { fieldError } from "@/lib/errors";
import { needsRehash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { consume, reset, reward, tooManyAttempts } from "@/lib/rate-limit";
import { throttleKey } from "@/lib/client-address";

/**
 * Checks `password` against `passwordHash` for the link or request `subjectId` (ids of both are unique cuids, so they
 * share the limits' keys safely). A wrong one runs `onWrong` (the owner's audit trail) and throws the field error; a
 * right one answers the new hash when the stored one should be rewritten, else null.
 */
export async function checkThrottledPassword(opts: {
  subjectId: string;
  passwordHash: string;
  password: string;
  address: string;
  onWrong: () => Promise<void>;
}): Promise<{ rehashed: string | null }> {
  const address = throttleKey(opts.address);
  const subjectAddress = `${opts.subjectId}|${address}`;
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
  const onSubject = await consume("linkPasswordLink", opts.subjectId);
  if (onSubject.ok) spent.push(["linkPasswordLink", opts.subjectId]);
  const onSubjectFromAddress = await consume("linkPasswordLinkAddress", subjectAddress);
  if (onSubjectFromAddress.ok) spent.push(["linkPasswordLinkAddress", subjectAddress]);
  if (!onSubject.ok && !onSubjectFromAddress.ok) {
    // Refused without a check: this attempt is not a failure, so it gives its points back.
    await giveBack();
    throw tooManyAttempts(Math.min(onSubject.retryAfterSeconds, onSubjectFromAddress.retryAfterSeconds));
  }

  let matches: boolean;
  try {
    matches = await verifyPassword(opts.password, opts.passwordHash);
  } catch (error) {
    // The check itself failed (the hashing pool is busy): not a wrong password.
    await giveBack();
    throw error;
  }
  if (!matches) {
    await opts.onWrong();
    throw fieldError("password", "That password is not correct.");
  }
  // Only failures count; an address that knows the password is forgiven its typos here.
  await reward("linkPasswordAddress", address);
  await reward("linkPasswordLink", opts.subjectId);
  await reset("linkPasswordLinkAddress", subjectAddress);
  const rehashed = needsRehash(opts.passwordHash) ? await hashPassword(opts.password).catch(() => null) : null;
  return { rehashed };
}
