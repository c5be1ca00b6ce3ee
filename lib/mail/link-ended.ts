// A notification: a public link stopped working by itself (its download limit was reached, or it expired).
import type { MailTemplate } from "./template";

export const linkEndedMail: MailTemplate<{
  fileId: string;
  fileName: string;
  linkName: string;
  why: "limit" | "expired";
  maxDownloads?: number | null;
}> = (facts, ctx) => ({
  subject:
    facts.why === "limit" ? `Your link to “${facts.fileName}” reached its download limit` : `Your link to “${facts.fileName}” expired`,
  paragraphs: [
    facts.why === "limit"
      ? `Your link ${facts.linkName} to “${facts.fileName}” was downloaded ${facts.maxDownloads ?? "the most"} times, its limit: it no longer works.`
      : `Your link ${facts.linkName} to “${facts.fileName}” expired: it no longer works.`,
    "You can make a new link on the file's page.",
  ],
  action: { label: "Open the file's page", url: `${ctx.appUrl}/files/${encodeURIComponent(facts.fileId)}` },
});
