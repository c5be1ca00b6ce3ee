// Whether a link can be used now, decided once (lib/links/access.ts) and asked in-process, without a
// server: the visitor's lookup, the slot claim and the owner's status list agree on every kind of link.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { nameColumns } from "@/lib/files/name-search";
import { availableLinkWhere } from "@/lib/links/access";
import { findAvailableLink } from "@/lib/links/find-available-link";
import { claimDownloadSlot, completeDownload, releaseDeadClaims } from "@/lib/links/claim-download";
import { listFileLinks } from "@/lib/links/list-file-links";
import { hashLinkToken } from "@/lib/links/token";
import { createUser } from "../../support/factories";

const NOW = new Date("2026-06-01T12:00:00Z");
const HOUR = 60 * 60 * 1000;

async function fileOf(ownerId: string) {
  return db.file.create({
    data: {
      ownerId,
      ...nameColumns("report.pdf"),
      size: 10n,
      mimeType: "application/pdf",
      sha256: "0".repeat(64),
      storageKey: randomBytes(16).toString("hex"),
      wrappedKey: "v1.x",
      masterKeyId: "k1",
    },
  });
}

type LinkCase = {
  label: string;
  expected: "active" | "expired" | "revoked" | "used up";
  data: Record<string, unknown>;
  disabledOwner?: boolean;
};

const CASES: LinkCase[] = [
  { label: "plain", expected: "active", data: {} },
  { label: "expires later", expected: "active", data: { expiresAt: new Date(NOW.getTime() + HOUR) } },
  { label: "expired a second ago", expected: "expired", data: { expiresAt: new Date(NOW.getTime() - 1000) } },
  { label: "expires this very instant", expected: "expired", data: { expiresAt: NOW } },
  { label: "revoked", expected: "revoked", data: { revokedAt: new Date(NOW.getTime() - HOUR) } },
  { label: "one slot left", expected: "active", data: { maxDownloads: 3, claimedCount: 2, downloadCount: 2 } },
  { label: "last slot under way", expected: "used up", data: { maxDownloads: 3, claimedCount: 3, downloadCount: 2 } },
  { label: "used up", expected: "used up", data: { maxDownloads: 3, claimedCount: 3, downloadCount: 3 } },
  { label: "revoked and expired", expected: "revoked", data: { revokedAt: NOW, expiresAt: new Date(NOW.getTime() - HOUR) } },
];

describe.each(CASES)("a link that is $label", ({ expected, data }) => {
  let ownerId: string;
  let fileId: string;
  let linkId: string;
  let token: string;

  beforeAll(async () => {
    ownerId = (await createUser()).id;
    fileId = (await fileOf(ownerId)).id;
    token = randomBytes(24).toString("base64url");
    linkId = (await db.link.create({ data: { fileId, tokenHash: hashLinkToken(token), ...data } })).id;
  });

  const usable = expected === "active";

  it(`is ${usable ? "found" : "not found"} by a visitor`, async () => {
    expect((await findAvailableLink(token, NOW))?.id ?? null).toBe(usable ? linkId : null);
  });

  it(`shows "${expected}" in its owner's list`, async () => {
    const [listed] = await listFileLinks({ fileId, ownerId, now: NOW });
    expect(listed.status).toBe(expected);
  });

  it(`${usable ? "gives" : "refuses"} a download slot`, async () => {
    const before = await db.link.findUniqueOrThrow({ where: { id: linkId } });
    const claim = await claimDownloadSlot(linkId, NOW);
    expect(claim !== null).toBe(usable);
    const after = await db.link.findUniqueOrThrow({ where: { id: linkId } });
    expect(after.claimedCount).toBe(before.claimedCount + (usable ? 1 : 0));
    // A slot given is held by a claim row of this node; a slot refused leaves none.
    expect(await db.downloadClaim.count({ where: { linkId } })).toBe(usable ? 1 : 0);
  });
});

it("finds nothing of a disabled owner's links, and lists them for nobody else", async () => {
  const owner = await createUser({ disabled: true });
  const stranger = await createUser();
  const file = await fileOf(owner.id);
  const token = randomBytes(24).toString("base64url");
  await db.link.create({ data: { fileId: file.id, tokenHash: hashLinkToken(token) } });
  expect(await findAvailableLink(token, NOW)).toBeNull();
  expect(await db.link.count({ where: { AND: [{ fileId: file.id }, availableLinkWhere(NOW)] } })).toBe(0);
  expect(await listFileLinks({ fileId: file.id, ownerId: stranger.id, now: NOW })).toEqual([]);
});

describe("a counted download's claim", () => {
  const activity = (fileId: string, linkId: string) => () => ({ fileId, linkId, kind: "download.link" as const, subject: "counted" });

  it("goes in the count's transaction: no sweep afterwards can give its slot back", async () => {
    const owner = await createUser();
    const file = await fileOf(owner.id);
    const link = await db.link.create({
      data: { fileId: file.id, tokenHash: hashLinkToken(randomBytes(24).toString("base64url")), maxDownloads: 1 },
    });
    const claimId = await claimDownloadSlot(link.id, NOW);
    expect(claimId).not.toBeNull();
    expect(await completeDownload(link.id, activity(file.id, link.id), { claimId: claimId! })).toEqual({
      downloadCount: 1,
      maxDownloads: 1,
    });
    expect(await db.downloadClaim.count({ where: { linkId: link.id } })).toBe(0);
    // A node that died right after the count left nothing for the sweep: the slot stays spent.
    await releaseDeadClaims({ expiredBefore: new Date(NOW.getTime() + 24 * HOUR) });
    expect(await db.link.findUniqueOrThrow({ where: { id: link.id } })).toMatchObject({ downloadCount: 1, claimedCount: 1 });
    expect(await claimDownloadSlot(link.id, NOW)).toBeNull();
  });

  it("takes its slot again when the sweep had already given it back", async () => {
    const owner = await createUser();
    const file = await fileOf(owner.id);
    const link = await db.link.create({
      data: { fileId: file.id, tokenHash: hashLinkToken(randomBytes(24).toString("base64url")), maxDownloads: 1 },
    });
    const claimId = await claimDownloadSlot(link.id, NOW);
    expect(await releaseDeadClaims({ expiredBefore: new Date(NOW.getTime() + 24 * HOUR) })).toBeGreaterThanOrEqual(1);
    expect(await db.link.findUniqueOrThrow({ where: { id: link.id } })).toMatchObject({ claimedCount: 0 });
    await completeDownload(link.id, activity(file.id, link.id), { claimId: claimId! });
    expect(await db.link.findUniqueOrThrow({ where: { id: link.id } })).toMatchObject({ downloadCount: 1, claimedCount: 1 });
    expect(await claimDownloadSlot(link.id, NOW)).toBeNull();
  });
});
