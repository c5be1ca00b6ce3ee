// "Forgot password?": the link that lets the owner of a confirmed address choose a new password.
import type { MailTemplate } from "./template";
import { PASSWORD_RESET_MINUTES } from "@/lib/account-tokens/purposes";

export const passwordResetMail: MailTemplate<{ username: string; url: string; twoFactor: boolean }> = (facts) => ({
  subject: "Reset your Coffer password",
  paragraphs: [`Someone (we hope you) asked to reset the password of the Coffer account ${facts.username}.`],
  action: { label: "Choose a new password", url: facts.url },
  closing: [
    `The link works once, for ${PASSWORD_RESET_MINUTES} minutes. Setting a new password signs the account out everywhere.`,
    ...(facts.twoFactor ? ["Two-factor sign-in is on: you will need a code from your authenticator app, or a recovery code."] : []),
  ],
  why: "If you did not ask for this, ignore this mail: your password stays as it is.",
});
