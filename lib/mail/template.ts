// What a mail template is: facts in (what the outbox row holds, sealed), words out. Templates run when the mail
// is sent, so a count that grew while it waited (a link's downloads) is the count it shows.
import type { MailContent } from "./render-mail";

export type RenderContext = {
  /** The public origin (APP_URL), for the links in the mail. */
  appUrl: string;
  /** How many events this mail gathered while it waited (1 for most mails). */
  eventCount: number;
};

export type MailTemplate<Facts> = (
  facts: Facts,
  ctx: RenderContext,
) => MailContent & {
  /** Why this mail came: the footer's first line. Notifications get theirs from their kind. */
  why?: string;
};
