// Changes to an account's security: always sent (there is no setting to turn them off), to the confirmed address.
import type { MailTemplate } from "./template";
import { formatDateTime } from "@/lib/format-date-time";

/** Each event's subject, and its sentence ({user}: the account's name). */
export const SECURITY_EVENTS = {
  password_changed: ["Your Coffer password was changed", "The password of your Coffer account {user} was changed"],
  password_reset: ["Your Coffer password was reset", "The password of your Coffer account {user} was reset with a reset link"],
  reset_link_issued: [
    "An administrator made a password reset link for you",
    "An administrator made a one-time password reset link for your Coffer account {user}",
  ],
  two_factor_enabled: ["Two-factor sign-in is on", "Two-factor sign-in was turned on for your Coffer account {user}"],
  two_factor_disabled: ["Two-factor sign-in is off", "Two-factor sign-in was turned off for your Coffer account {user}"],
  two_factor_reset: [
    "An administrator turned off your two-factor sign-in",
    "An administrator turned off two-factor sign-in for your Coffer account {user} (for a lost device)",
  ],
  recovery_codes_replaced: [
    "New two-factor recovery codes",
    "New two-factor recovery codes were made for your Coffer account {user}; the old ones no longer work",
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type SecurityEvent = keyof typeof SECURITY_EVENTS;

export const securityNoticeMail: MailTemplate<{ username: string; event: SecurityEvent; at: string; device?: string | null }> = (
  facts,
  ctx,
) => {
  const [subject, template] = SECURITY_EVENTS[facts.event];
  const sentence = template.replace("{user}", facts.username);
  return {
    subject,
    paragraphs: [
      `${sentence} at ${formatDateTime(facts.at)}${facts.device ? `, from ${facts.device}` : ""}.`,
      facts.event === "two_factor_reset"
        ? "Sign in with your password and turn two-factor sign-in on again in Settings, with your new device."
        : "If this was you, there is nothing to do. If it was not, reset your password now and ask your Coffer's administrator for help.",
    ],
    action: { label: "Open your settings", url: `${ctx.appUrl}/settings` },
    why: "Coffer always tells you about changes to your account's security; these notices cannot be turned off.",
  };
};
