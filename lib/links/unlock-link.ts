// Checks a link's password, throttled so that guessing is slow but nobody can lock the link's real visitors out
// (docs/decisions/020; the throttles in ./throttled-password.ts, which file requests share). A wrong password is
// recorded in the link owner's audit trail, with the visitor's address cut to its network.
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { findLinkForVisitor, LINK_NOT_AVAILABLE } from "./find-link-for-visitor";
import { linkName } from "./link-name";
import { checkThrottledPassword } from "./throttled-password";

export async function unlockLink(opts: { token: string; password: string; address: string }): Promise<{ linkId: string }> {
  const link = await findLinkForVisitor({ token: opts.token, address: opts.address });
  if (!link.passwordHash) throw notFound(LINK_NOT_AVAILABLE);
  const { rehashed } = await checkThrottledPassword({
    subjectId: link.id,
    passwordHash: link.passwordHash,
    password: opts.password,
    address: opts.address,
    onWrong: async () => {
      const owner = await db.file.findUnique({ where: { id: link.fileId }, select: { ownerId: true } });
      await audit({
        kind: "link.password_failed",
        userId: owner?.ownerId,
        actorId: null,
        detail: `${link.file.name}${link.label ? ` (link "${link.label}")` : ""}`,
        fileName: link.file.name,
        peer: linkName(link),
        address: opts.address,
      });
    },
  });
  if (rehashed) await db.link.updateMany({ where: { id: link.id, passwordHash: link.passwordHash }, data: { passwordHash: rehashed } });
  return { linkId: link.id };
}
