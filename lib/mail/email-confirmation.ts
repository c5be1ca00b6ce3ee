// Sent to an address someone entered for an account: it is used for nothing until its link is opened.
import type { MailTemplate } from "./template";
import { EMAIL_CONFIRMATION_HOURS } from "@/lib/account-tokens/purposes";

export const emailConfirmationMail: MailTemplate<{ username: string; url: string }> = (facts) => ({
  subject: "Confirm your email address for Coffer",
  paragraphs: [`Someone (we hope you) entered this address for the Coffer account ${facts.username}. Confirm that it is yours:`],
  action: { label: "Confirm this address", url: facts.url },
  closing: [`The link works once, for ${EMAIL_CONFIRMATION_HOURS} hours.`],
  why: "If you did not ask for this, ignore this mail: the address is not used until the link is opened.",
});
