// Sent to the old address when an account's address changes (or is removed), so a takeover does not go unseen.
import type { MailTemplate } from "./template";
import { formatDateTime } from "@/lib/format-date-time";

export const emailChangedMail: MailTemplate<{ username: string; newAddress: string | null; at: string }> = (facts, ctx) => ({
  subject: "The email address of your Coffer account changed",
  paragraphs: [
    facts.newAddress
      ? `The email address of the Coffer account ${facts.username} was changed to ${facts.newAddress} at ${formatDateTime(facts.at)}. Mail for this account no longer comes here.`
      : `The email address of the Coffer account ${facts.username} was removed at ${formatDateTime(facts.at)}. Mail for this account no longer comes here.`,
    "If you did not do this, sign in and check your account's settings and sessions, or ask your Coffer's administrator for help.",
  ],
  action: { label: "Open Coffer", url: `${ctx.appUrl}/settings` },
  why: "Coffer tells the old address about every change of an account's address.",
});
