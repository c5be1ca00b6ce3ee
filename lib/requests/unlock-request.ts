// Checks a file request's password under the same throttles as a link's (lib/links/throttled-password.ts, decision
// 020); a wrong one is in the owner's audit trail, with the visitor's address cut to its network.
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { audit } from "@/lib/audit";
import { REQUEST_NOT_AVAILABLE } from "@/lib/files/request-reservations";
import { checkThrottledPassword } from "@/lib/links/throttled-password";
import { findRequestForVisitor } from "./find-request-for-visitor";

export async function unlockRequest(opts: { token: string; password: string; address: string }): Promise<{ requestId: string }> {
  const request = await findRequestForVisitor({ token: opts.token, address: opts.address });
  if (!request.passwordHash) throw notFound(REQUEST_NOT_AVAILABLE);
  const { rehashed } = await checkThrottledPassword({
    subjectId: request.id,
    passwordHash: request.passwordHash,
    password: opts.password,
    address: opts.address,
    onWrong: () =>
      audit({
        kind: "request.password_failed",
        userId: request.ownerId,
        actorId: null,
        detail: `${request.label} (${request.id})`,
        peer: request.label,
        address: opts.address,
      }),
  });
  if (rehashed) {
    await db.fileRequest.updateMany({ where: { id: request.id, passwordHash: request.passwordHash }, data: { passwordHash: rehashed } });
  }
  return { requestId: request.id };
}
