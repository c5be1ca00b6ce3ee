// "A file was shared with you", written with the share. Shares from one owner to one recipient within ten seconds
// gather into one mail (a bulk share of twenty files is one mail, not twenty).
import "server-only";
import type { MailWriter } from "@/lib/outbox/enqueue-mail";
import { notifyUser } from "./notify-user";

export async function notifyShare(tx: MailWriter, opts: { ownerId: string; recipientId: string; fileName: string }) {
  const owner = await tx.user.findUnique({ where: { id: opts.ownerId }, select: { username: true } });
  if (!owner) return;
  await notifyUser(tx, {
    userId: opts.recipientId,
    kind: "share_received",
    facts: { ownerName: owner.username, fileName: opts.fileName },
    gather: { key: `share:${opts.ownerId}:${opts.recipientId}`, windowSeconds: 0, delaySeconds: 10 },
  });
}
