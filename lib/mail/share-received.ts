// A notification: files were shared with you.
import type { MailTemplate } from "./template";

export const shareReceivedMail: MailTemplate<{ ownerName: string; fileNames: string[]; fileCount: number }> = (facts, ctx) => {
  const named = facts.fileNames.slice(0, 5).map((name) => `“${name}”`);
  const more = facts.fileCount - named.length;
  const what =
    facts.fileCount === 1 ? `the file ${named[0]}` : `${facts.fileCount} files: ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
  return {
    subject:
      facts.fileCount === 1
        ? `${facts.ownerName} shared “${facts.fileNames[0]}” with you`
        : `${facts.ownerName} shared ${facts.fileCount} files with you`,
    paragraphs: [`${facts.ownerName} shared ${what} with you on Coffer. You find shared files under “Shared with me”.`],
    action: { label: "Open Shared with me", url: `${ctx.appUrl}/dashboard#shared-heading` },
  };
};
