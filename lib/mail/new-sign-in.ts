// A notification: a sign-in from a browser that had not signed in to this account before (no device cookie for it).
import type { MailTemplate } from "./template";
import { formatDateTime } from "@/lib/format-date-time";

export const newSignInMail: MailTemplate<{ username: string; device: string | null; network: string | null; at: string }> = (
  facts,
  ctx,
) => ({
  subject: "New sign-in to your Coffer account",
  paragraphs: [
    `Someone signed in to the Coffer account ${facts.username} at ${formatDateTime(facts.at)} from a browser that had not signed in to it before${facts.device ? ` (${facts.device}` : ""}${facts.device && facts.network ? `, network ${facts.network})` : facts.device ? ")" : facts.network ? ` (network ${facts.network})` : ""}.`,
    "If this was you, there is nothing to do. If it was not, change your password and end that session under Settings → Sessions.",
  ],
  action: { label: "See your sessions", url: `${ctx.appUrl}/settings#sessions-heading` },
});
