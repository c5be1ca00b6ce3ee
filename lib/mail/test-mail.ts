// `npm run admin -- test-email ADDRESS`: proves the configuration end to end.
import type { MailTemplate } from "./template";

export const testMail: MailTemplate<{ node: string }> = (facts, ctx) => ({
  subject: "Coffer test mail",
  paragraphs: [
    `This is a test mail from the Coffer at ${ctx.appUrl}, sent by its server ${facts.node}.`,
    "If you can read it, Coffer's mail settings work.",
  ],
  why: "An administrator asked for this mail with `npm run admin -- test-email`.",
});
