// Everything a public link's download decides before a byte is sent: the link is available (or the visitor
// resumes a cut-off download under a grant), the visitor unlocked it if it has a password, and a new GET
// claims a download slot. The answer's `settle` applies the limit's rules (claim-download.ts) once the HTTP
// layer knows how the transfer ended, and tolerates a link or file deleted meanwhile.
import "server-only";
import { notFound } from "@/lib/errors";
import { servableFileSelect, type ServableFile } from "@/lib/files/access";
import { db } from "@/lib/db";
import { truncateAddress } from "@/lib/client-address";
import type { ActivityEntry } from "@/lib/activity/record-activity";
import { activeLinkWhere } from "./access";
import { findAvailableLink } from "./find-available-link";
import { linkMiss, LINK_NOT_AVAILABLE } from "./find-link-for-visitor";
import { attachGrant, claimDownloadSlot, completeDownload, endClaim, renewClaim, SPENDS_SLOT_AFTER_BYTES } from "./claim-download";
import { createGrant, dropGrant, findResumableGrant, markGrantSpent, reserveResume, settleResume } from "./download-grants";
import { grantCookieName, grantCookieValue, grantIdFromCookie, GRANT_TTL_SECONDS } from "./grant-cookie";
import { isUnlocked, unlockCookieName } from "./unlock-cookie";
import { linkName } from "./link-name";
import { hashLinkToken, TOKEN_PATTERN } from "./token";

export type LinkTransferOutcome = { complete: boolean; delivered: number; expected: number; range: { start: number; end: number } | null };

export type GrantCookie = { name: string; value: string; maxAge: number };

export type LinkDownload =
  | { locked: true }
  | {
      locked: false;
      linkId: string;
      ownerId: string;
      file: ServableFile;
      /** A cookie to set on the response: the grant that lets this browser resume if the transfer is cut off. */
      grantCookie?: GrantCookie;
      /** Whether the link still allows this transfer (asked while it runs). */
      stillAllowed: () => Promise<boolean>;
      settle?: (outcome: LinkTransferOutcome) => Promise<void>;
    };

type Link = {
  id: string;
  label: string | null;
  passwordHash: string | null;
  maxDownloads: number | null;
  file: ServableFile & { ownerId: string };
};

const linkSelect = {
  id: true,
  label: true,
  passwordHash: true,
  maxDownloads: true,
  file: { select: { ...servableFileSelect, ownerId: true } },
} as const;

export async function beginLinkDownload(opts: {
  token: string;
  address: string;
  /** The visitor's cookies. */
  cookie: (name: string) => string | undefined;
  /** HEAD asks what a download would be; only GET spends a slot. */
  method: string;
  /** The byte range the request asks for of this file, as the transfer will serve it (a resume must ask for one); null for none. */
  range: (file: ServableFile) => { start: number; end: number } | null;
}): Promise<LinkDownload> {
  const now = new Date();
  const available = await findAvailableLink(opts.token, now);
  const resumable = available ? null : await findResumableLink(opts, now);
  const link: Link | null = available ?? resumable?.link ?? null;
  // Every miss counts toward the guessing limit, here as on the link page and in the password check.
  if (!link) throw await linkMiss(opts.address);
  if (link.passwordHash && !isUnlocked(link.id, opts.cookie(unlockCookieName(link.id)))) return { locked: true };
  const base = {
    locked: false as const,
    linkId: link.id,
    ownerId: link.file.ownerId,
    file: link.file,
    stillAllowed: async () => (await db.link.count({ where: { AND: [{ id: link.id }, activeLinkWhere(new Date())] } })) === 1,
  };
  if (opts.method !== "GET") return base;

  // The trail's facts: which link (by name), from where, and what counts; the sentence is written when it is read.
  const entry = (
    kind: "download.link" | "download.link_cut" | "download.link_resumed",
    facts: Pick<ActivityEntry, "downloadNumber" | "downloadLimit" | "bytes" | "totalBytes" | "resumed">,
  ): ActivityEntry => ({
    fileId: link.file.id,
    kind,
    subject: linkName(link),
    linkId: link.id,
    address: truncateAddress(opts.address),
    ...facts,
  });
  const counted = async (resumed: boolean, ids: { grantId?: string; claimId?: string }) => {
    await completeDownload(
      link.id,
      ({ downloadCount, maxDownloads }) => entry("download.link", { downloadNumber: downloadCount, downloadLimit: maxDownloads, resumed }),
      ids,
    );
  };

  // A resume under a grant: the slot was spent by the transfer that was cut off. It reserves its range from what the
  // grant may still serve (a resume asking for more than is left is no resume), and gives back what it did not send.
  const asked = resumable ? opts.range(link.file) : null;
  const reserved = asked ? asked.end - asked.start + 1 : 0;
  if (resumable && asked && (await reserveResume(resumable.grantId, reserved))) {
    const grantId = resumable.grantId;
    return {
      ...base,
      async settle(outcome) {
        const reachedEnd = outcome.range === null || outcome.range.end === Number(link.file.size) - 1;
        if (outcome.complete && reachedEnd) return counted(true, { grantId });
        await settleResume(grantId, {
          refund: reserved - outcome.delivered,
          activity:
            outcome.delivered > 0
              ? entry("download.link_resumed", { bytes: BigInt(outcome.delivered), totalBytes: BigInt(link.file.size) })
              : null,
        });
      },
    };
  }
  if (!available) throw notFound(LINK_NOT_AVAILABLE);
  const claimId = await claimDownloadSlot(link.id, now);
  if (!claimId) throw notFound(LINK_NOT_AVAILABLE);
  // Only a limit needs guarding: unlimited links are simply downloaded again.
  const grant =
    link.maxDownloads === null
      ? null
      : await createGrant({ linkId: link.id, network: truncateAddress(opts.address), fileSize: BigInt(link.file.size), now });
  if (grant) await attachGrant(claimId, grant.id);
  return {
    ...base,
    // Asked every 15 s while the transfer runs: the claim's lease is renewed with it.
    stillAllowed: async () => {
      await renewClaim(claimId);
      return base.stillAllowed();
    },
    grantCookie: grant
      ? { name: grantCookieName(link.id), value: grantCookieValue(link.id, grant.id, grant.expiresAt), maxAge: GRANT_TTL_SECONDS }
      : undefined,
    async settle(outcome) {
      if (outcome.complete) {
        // The claim goes with the count, in its transaction.
        return counted(false, { grantId: grant?.id, claimId });
      }
      if (grant && outcome.delivered > SPENDS_SLOT_AFTER_BYTES) {
        await endClaim({ id: claimId, linkId: link.id }, { release: false });
        return markGrantSpent(
          grant.id,
          entry("download.link_cut", { bytes: BigInt(outcome.delivered), totalBytes: BigInt(outcome.expected) }),
        );
      }
      if (grant) await dropGrant(grant.id);
      await endClaim({ id: claimId, linkId: link.id }, { release: true });
    },
  };
}

/** The link behind a visitor's grant, when the link is still active and the grant can be resumed. */
async function findResumableLink(opts: { token: string; address: string; cookie: (name: string) => string | undefined }, now: Date) {
  if (!TOKEN_PATTERN.test(opts.token)) return null;
  const link = await db.link.findFirst({
    where: { AND: [{ tokenHash: hashLinkToken(opts.token) }, activeLinkWhere(now)] },
    select: linkSelect,
  });
  if (!link) return null;
  const grantId = grantIdFromCookie(link.id, opts.cookie(grantCookieName(link.id)), now.getTime());
  if (!grantId || !(await findResumableGrant({ linkId: link.id, grantId, network: truncateAddress(opts.address), now }))) return null;
  return { link, grantId };
}
