// A notification: someone downloaded through your public link. At most one per link an hour: downloads that happen
// while one is waiting add to its count (lib/notifications/notify-user.ts).
import type { MailTemplate } from "./template";

export const linkDownloadedMail: MailTemplate<{ fileId: string; fileName: string; linkName: string }> = (facts, ctx) => {
  const times = ctx.eventCount === 1 ? "once" : `${ctx.eventCount} times`;
  return {
    subject: `Your link to “${facts.fileName}” was downloaded`,
    paragraphs: [
      ctx.eventCount === 1
        ? `Your link ${facts.linkName} to “${facts.fileName}” was downloaded.`
        : `Your link ${facts.linkName} to “${facts.fileName}” was downloaded ${times} since the last mail about it.`,
      "The file's page shows who downloaded it and when.",
    ],
    action: { label: "Open the file's page", url: `${ctx.appUrl}/files/${encodeURIComponent(facts.fileId)}` },
  };
};
