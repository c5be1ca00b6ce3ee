"use server";
import { cookies, headers } from "next/headers";
import { deviceCookieName } from "@/lib/auth/device-cookie";
import { redirect } from "next/navigation";
import { publicAction } from "@/lib/actions/safe-action";
import { setFlash } from "@/lib/actions/flash";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/client-address";
import { findResetLink } from "@/lib/recovery/find-reset-link";
import { resetPassword } from "@/lib/recovery/reset-password";
import { RESET_LINK_INVALID } from "@/lib/recovery/reset-link";
import { linkTokenSchema, resetPasswordSchema } from "@/lib/recovery/schemas";

/** Whose password the link resets, and whether a two-factor code will be asked. */
export const inspectResetLinkAction = publicAction(linkTokenSchema, async ({ token }) => {
  const link = await findResetLink(token);
  if (!link) throw new AppError("not_found", RESET_LINK_INVALID);
  return { username: link.username, twoFactor: link.twoFactor };
});

export const resetPasswordAction = publicAction(resetPasswordSchema, async ({ token, newPassword, code }) => {
  await resetPassword({
    token,
    newPassword,
    code,
    address: clientAddress(await headers()),
    deviceCookie: (await cookies()).get(deviceCookieName())?.value,
  });
  await setFlash({ type: "success", message: "Your password is changed and every session was signed out. Sign in with the new password." });
  redirect("/login");
});
