// Everything a public link's download decides before a byte is sent: the link is available, the visitor
// unlocked it if it has a password, and a GET claims a download slot. The answer's `settle` counts the
// download or gives the slot back, once the HTTP layer knows how the transfer ended.
import "server-only";
import { notFound } from "@/lib/errors";
import type { ServableFile } from "@/lib/files/access";
import { consume, tooManyAttempts } from "@/lib/rate-limit";
import { throttleKey, truncateAddress } from "@/lib/client-address";
import { recordActivity } from "@/lib/activity/record-activity";
import { findAvailableLink } from "./find-available-link";
import { claimDownloadSlot, completeDownload, releaseDownloadSlot } from "./claim-download";
import { isUnlocked } from "./unlock-cookie";
import { linkName } from "./create-link";
import { LINK_NOT_AVAILABLE } from "./unlock-link";

export type LinkTransferOutcome = { complete: boolean; delivered: number; expected: number };

export type LinkDownload =
  { locked: true } | { locked: false; file: ServableFile; settle?: (outcome: LinkTransferOutcome) => Promise<void> };

export async function beginLinkDownload(opts: {
  token: string;
  address: string;
  /** The visitor's unlock cookie for a link, if they have one. */
  unlockCookie: (linkId: string) => string | undefined;
  /** HEAD asks what a download would be; only GET spends a slot. */
  claim: boolean;
}): Promise<LinkDownload> {
  const link = await findAvailableLink(opts.token);
  if (!link) {
    // Every miss counts toward the guessing limit, here as on the link page.
    const miss = await consume("linkMiss", throttleKey(opts.address));
    throw miss.ok ? notFound(LINK_NOT_AVAILABLE) : tooManyAttempts(miss.retryAfterSeconds);
  }
  if (link.passwordHash && !isUnlocked(link.id, opts.unlockCookie(link.id))) return { locked: true };
  if (!opts.claim) return { locked: false, file: link.file };
  if (!(await claimDownloadSlot(link.id))) throw notFound(LINK_NOT_AVAILABLE);

  return {
    locked: false,
    file: link.file,
    async settle(outcome) {
      if (!outcome.complete) return releaseDownloadSlot(link.id);
      const counts = await completeDownload(link.id);
      const of = counts.maxDownloads === null ? `${counts.downloadCount}` : `${counts.downloadCount} of ${counts.maxDownloads}`;
      await recordActivity({
        fileId: link.file.id,
        kind: "download.link",
        subject: `${linkName(link)} was downloaded (${of})`,
        linkId: link.id,
        address: truncateAddress(opts.address),
      });
    },
  };
}
