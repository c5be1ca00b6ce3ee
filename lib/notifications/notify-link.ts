// The notifications a public link's owner gets: downloads (gathered: at most one mail per link an hour, with the
// count), and the link's end, by its download limit (with the download that reached it) or by its expiry (found by
// lib/links/notice-expired-links.ts).
import "server-only";
import type { MailWriter } from "@/lib/outbox/enqueue-mail";
import { notifyUser } from "./notify-user";

export type NotifiedLink = {
  id: string;
  /** As the owner knows it ("for the auditors", or #abc123). */
  name: string;
  downloadCount: number;
  maxDownloads: number | null;
  file: { id: string; name: string; ownerId: string };
};

export const DOWNLOAD_MAIL_WINDOW_SECONDS = 3600;

/** In the transaction that counted a finished download. */
export async function notifyLinkDownloaded(tx: MailWriter, link: NotifiedLink): Promise<void> {
  const facts = { fileId: link.file.id, fileName: link.file.name, linkName: link.name };
  await notifyUser(tx, {
    userId: link.file.ownerId,
    kind: "link_downloaded",
    facts,
    gather: { key: `link:${link.id}`, windowSeconds: DOWNLOAD_MAIL_WINDOW_SECONDS },
  });
  if (link.maxDownloads !== null && link.downloadCount === link.maxDownloads) {
    await notifyUser(tx, {
      userId: link.file.ownerId,
      kind: "link_ended",
      facts: { ...facts, why: "limit", maxDownloads: link.maxDownloads },
    });
  }
}

export async function notifyLinkExpired(tx: MailWriter, link: NotifiedLink): Promise<void> {
  await notifyUser(tx, {
    userId: link.file.ownerId,
    kind: "link_ended",
    facts: { fileId: link.file.id, fileName: link.file.name, linkName: link.name, why: "expired" },
  });
}
