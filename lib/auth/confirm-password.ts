// The password asked again before a signed-in session changes how its account signs in (two-factor on or off, new
// recovery codes): a stolen session cookie alone cannot do it, nor lock the owner out. Counted per session, before the
// (slow) check; a right password gets its point back.
import "server-only";
import { db } from "@/lib/db";
import { fieldError } from "@/lib/errors";
import { consume, reward, tooManyAttempts } from "@/lib/rate-limit";
import { verifyPassword } from "./password";

export const WRONG_PASSWORD = "Your password is not correct.";

export async function confirmPassword(opts: { userId: string; sessionId: string; password: string }): Promise<void> {
  const limit = await consume("settingsPassword", opts.sessionId);
  if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);
  const user = await db.user.findUniqueOrThrow({ where: { id: opts.userId }, select: { passwordHash: true } });
  if (!user.passwordHash || !(await verifyPassword(opts.password, user.passwordHash))) throw fieldError("password", WRONG_PASSWORD);
  await reward("settingsPassword", opts.sessionId);
}
