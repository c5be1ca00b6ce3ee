// "Forgot password?". Whatever was typed, the answer is the same: a mail goes out only for an enabled account whose
// address is confirmed, and only within the per-address and per-account limits, and the caller learns none of it.
// Only the requests of one client network are refused openly (that says nothing about any account).
import "server-only";
import { db } from "@/lib/db";
import { audit } from "@/lib/audit";
import { throttleKey } from "@/lib/client-address";
import { consume, tooManyAttempts } from "@/lib/rate-limit";
import { issueAccountToken } from "@/lib/account-tokens/account-token";
import { enqueueMail, mailEnabled } from "@/lib/outbox/enqueue-mail";
import { resetPasswordUrl } from "./reset-link";

export async function requestPasswordReset(opts: { email: string; address: string }): Promise<void> {
  const limit = await consume("passwordResetAddress", throttleKey(opts.address));
  if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);
  if (!mailEnabled()) return;
  if (!(await consume("passwordResetEmail", opts.email)).ok) return;
  const user = await db.user.findFirst({
    where: { email: opts.email, emailVerified: { not: null }, disabled: false },
    select: { id: true, username: true, email: true, twoFactorEnabledAt: true },
  });
  if (!user?.email || !(await consume("passwordResetAccount", user.id)).ok) return;
  const to = user.email;
  await db.$transaction(async (tx) => {
    // Only the newest link works: a mail that arrives late cannot be used after a newer one.
    const { token } = await issueAccountToken(tx, { userId: user.id, purpose: "password_reset", replace: true });
    await enqueueMail(tx, {
      kind: "password_reset",
      to,
      userId: user.id,
      facts: { username: user.username, url: resetPasswordUrl(token), twoFactor: user.twoFactorEnabledAt !== null },
    });
  });
  await audit({ kind: "auth.password_reset_requested", userId: user.id, actorId: null, address: opts.address });
}
