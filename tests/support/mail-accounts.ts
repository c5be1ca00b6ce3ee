// Accounts with a confirmed address, and the recovery and address actions over real HTTP, for the mail tests.
import { db } from "@/lib/db";
import type { ActionResult } from "@/lib/actions/action-result";
import { Client } from "./http-client";
import { createUser, uniqueUsername } from "./factories";
import { ACTION_FILES } from "./action-files";
import { linkIn, type ReceivedMail } from "./mail-server";
import type { TestServer } from "./server";
import { resultOf, type Member } from "./sharing";

/**
 * A user signed in on a client of their own, whose address was then confirmed (as if they had opened the link):
 * the sign-in came first, so it mailed nothing.
 */
export async function confirmedMember(
  server: TestServer,
  opts: Parameters<typeof createUser>[0] = {},
): Promise<Member & { email: string }> {
  const username = opts.username ?? uniqueUsername();
  const email = opts.email ?? `${username}@example.test`;
  const user = await createUser({ ...opts, username, email });
  const client = new Client(server.url);
  if (!(await client.signIn(user.username, user.password))) throw new Error(`${user.username} could not sign in`);
  await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
  return { ...user, email: email.toLowerCase(), client };
}

/** The token after "#" in the mail's link to `path`. */
export function tokenIn(mail: ReceivedMail, server: TestServer, path: string): string {
  return new URL(linkIn(mail, server.url, path)).hash.slice(1);
}

export async function requestReset(client: Client, email: string) {
  return resultOf(
    await client.callAction<ActionResult<{ email: string }>>(
      "/forgot-password",
      ACTION_FILES.forgotPassword,
      "requestPasswordResetAction",
      [{ email }],
    ),
  );
}

export async function inspectResetLink(client: Client, token: string) {
  return resultOf(
    await client.callAction<ActionResult<{ username: string; twoFactor: boolean }>>(
      "/reset-password",
      ACTION_FILES.resetPassword,
      "inspectResetLinkAction",
      [{ token }],
    ),
  );
}

/** Sets a new password with a reset link; answers the action's refusal, or "redirected" (to /login) on success. */
export async function resetWith(client: Client, token: string, newPassword: string, code?: string) {
  const response = await client.callAction<ActionResult>("/reset-password", ACTION_FILES.resetPassword, "resetPasswordAction", [
    { token, newPassword, confirmPassword: newPassword, ...(code === undefined ? {} : { code }) },
  ]);
  return response.value ?? (response.redirectTo === "/login" ? "redirected" : `redirected to ${response.redirectTo}`);
}
