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
import { RESET_LINK_INVALID, SET_PASSWORD_LINK_INVALID } from "@/lib/recovery/reset-link";
import { passwordLinkSchema, resetPasswordSchema } from "@/lib/recovery/schemas";

// Also used by /set-password, for a new account's "set your password" link (purpose "password_set").

/** Whose password the link resets, and whether a two-factor code will be asked. */
export const inspectResetLinkAction = publicAction(passwordLinkSchema, async ({ token, purpose }) => {
  const link = await findResetLink(token, purpose);
  if (!link) throw new AppError("not_found", purpose === "password_set" ? SET_PASSWORD_LINK_INVALID : RESET_LINK_INVALID);
  return { username: link.username, twoFactor: link.twoFactor };
});

export const resetPasswordAction = publicAction(resetPasswordSchema, async ({ token, purpose, newPassword, code }) => {
  await resetPassword({
    token,
    purpose,
    newPassword,
    code,
    address: clientAddress(await headers()),
    deviceCookie: (await cookies()).get(deviceCookieName())?.value,
  });
  await setFlash({
    type: "success",
    message:
      purpose === "password_set"
        ? "Your password is set. Sign in with it."
        : "Your password is changed and every session was signed out. Sign in with the new password.",
  });
  redirect("/login");
});
