// Where a password reset link leads. The token travels in the fragment, which browsers never send: it stays out of
// every access log, proxy log and Referer header; the page's script hands it to the server (docs/decisions/053).
import "server-only";
import { env } from "@/lib/env";

export const resetPasswordUrl = (token: string) => `${env().APP_URL}/reset-password#${token}`;

/** A new account's "set your password" link (made by an admin): the same page and form, another purpose. */
export const setPasswordUrl = (token: string) => `${env().APP_URL}/set-password#${token}`;

export const SET_PASSWORD_LINK_INVALID =
  "This link does not work any more: it was used or it expired. Ask the administrator who made your account for a new one.";

export const RESET_LINK_INVALID =
  "This reset link does not work any more: it was used, it expired, or a newer one replaced it. Ask for a new one.";

export const RESET_REQUESTED = "If an account has this confirmed address, a reset link is on its way to it.";
