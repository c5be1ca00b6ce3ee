"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/config";
import { loginSchema, twoFactorSignInSchema } from "@/lib/auth/schemas";
import { signInRefusal } from "@/lib/auth/sign-in-errors";
import { issueHandoffTicket } from "@/lib/auth/handoff-ticket";
import { AUTH_METHODS } from "@/lib/auth/auth-method";
import { deviceCookieName } from "@/lib/auth/device-cookie";
import { twoFactorChallengeCookieName, verifyTwoFactorSignIn } from "@/lib/auth/two-factor-sign-in";
import { publicAction } from "@/lib/actions/safe-action";
import { nextStep } from "@/lib/actions/action-result";
import { setFlash } from "@/lib/actions/flash";
import { clientAddress } from "@/lib/client-address";
import { safeRedirectPath } from "@/lib/safe-redirect-path";

const nextSchema = z.string().max(2048).optional();

export const signInAction = publicAction(loginSchema.extend({ next: nextSchema }), async ({ identifier, password, next }) => {
  try {
    await signIn("credentials", { identifier, password, redirect: false });
  } catch (error) {
    if (signInRefusal(error) === "two_factor") return nextStep({ twoFactor: true }); // the code step explains itself: no toast
  }
  await setFlash({ type: "success", message: "Signed in." });
  redirect(safeRedirectPath(next));
});

export const verifyTwoFactorSignInAction = publicAction(twoFactorSignInSchema.extend({ next: nextSchema }), async ({ code, next }) => {
  const jar = await cookies();
  const user = await verifyTwoFactorSignIn({
    challenge: jar.get(twoFactorChallengeCookieName())?.value,
    code,
    address: clientAddress(await headers()),
    deviceCookie: jar.get(deviceCookieName())?.value,
  });
  try {
    await signIn("handoff", { ticket: issueHandoffTicket({ userId: user.id, authMethod: AUTH_METHODS.twoFactor }), redirect: false });
  } catch (error) {
    signInRefusal(error);
  }
  await setFlash({ type: "success", message: "Signed in." });
  redirect(safeRedirectPath(next));
});
