// A notification: a sign-in from a browser that had not signed in to this account before (no device cookie for it).
import type { MailTemplate } from "./template";
import { formatDateTime } from "@/lib/format-date-time";
import { LOOPBACK_NETWORK } from "@/lib/client-address";

/** Where the sign-in came from, in words: a network ("from network 198.51.100.0/24"), or the server's own machine. */
function origin(network: string | null): string | null {
  if (!network || network === "unknown") return null;
  return network === LOOPBACK_NETWORK ? "from the server's own machine" : `from network ${network}`;
}

const details = (parts: (string | null)[]) => {
  const known = parts.filter(Boolean);
  return known.length ? ` (${known.join(", ")})` : "";
};

export const newSignInMail: MailTemplate<{ username: string; device: string | null; network: string | null; at: string }> = (
  facts,
  ctx,
) => ({
  subject: "New sign-in to your Coffer account",
  paragraphs: [
    `Someone signed in to the Coffer account ${facts.username} at ${formatDateTime(facts.at)} from a browser that had not signed in to it before${details([facts.device, origin(facts.network)])}.`,
    "If this was you, there is nothing to do. If it was not, change your password and end that session under Settings → Sessions.",
  ],
  action: { label: "See your sessions", url: `${ctx.appUrl}/settings#sessions-heading` },
});
