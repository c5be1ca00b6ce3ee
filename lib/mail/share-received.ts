// A notification: files were shared with you. Shares one owner makes to you within a few seconds (a bulk share)
// arrive as one mail: the first file's name, and how many more (lib/shares/share-file.ts).
import type { MailTemplate } from "./template";

export const shareReceivedMail: MailTemplate<{ ownerName: string; fileName: string }> = (facts, ctx) => {
  const more = ctx.eventCount - 1;
  const what = more === 0 ? `“${facts.fileName}”` : `“${facts.fileName}” and ${more} more ${more === 1 ? "file" : "files"}`;
  return {
    subject: `${facts.ownerName} shared ${what} with you`,
    paragraphs: [`${facts.ownerName} shared ${what} with you on Coffer. You find shared files under “Shared with me”.`],
    action: { label: "Open Shared with me", url: `${ctx.appUrl}/dashboard#shared-heading` },
  };
};
