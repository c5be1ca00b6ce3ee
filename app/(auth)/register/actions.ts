"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/config";
import { registerSchema } from "@/lib/auth/schemas";
import { INVITATION_INVALID, registerUser } from "@/lib/auth/register-user";
import { findInvitationToken } from "@/lib/account-tokens/account-token";
import { linkTokenSchema } from "@/lib/recovery/schemas";
import { AppError } from "@/lib/errors";
import { issueHandoffTicket } from "@/lib/auth/handoff-ticket";
import { AUTH_METHODS } from "@/lib/auth/auth-method";
import { publicAction } from "@/lib/actions/safe-action";
import { clientAddress } from "@/lib/client-address";
import { setFlash } from "@/lib/actions/flash";

/** Whether an invitation link still works (the page then shows the form, even with registration closed). */
export const inspectInvitationAction = publicAction(linkTokenSchema, async ({ token }) => {
  const invitation = await findInvitationToken(token);
  if (!invitation) throw new AppError("not_found", INVITATION_INVALID);
  return { expiresAt: invitation.expiresAt.toISOString() };
});

export const registerAction = publicAction(registerSchema, async (input) => {
  const address = clientAddress(await headers());
  const user = await registerUser({ ...input, address });
  // The account was just made with this password: sign in without checking it again (and without the
  // sign-in throttle, which must not leave a new account signed out).
  await signIn("handoff", { ticket: issueHandoffTicket({ userId: user.id, authMethod: AUTH_METHODS.password }), redirect: false });
  await setFlash({ type: "success", message: `Welcome to Coffer, ${input.username}.` });
  redirect("/dashboard");
});
