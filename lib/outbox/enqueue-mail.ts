// Puts a mail into the outbox, inside the caller's transaction: the mail exists exactly when what caused it does,
// and sending it (lib/outbox/send-outbox.ts) can neither slow down nor fail the action. Without SMTP_URL nothing is
// queued, so turning mail on later does not send a backlog of old news. What the mail says is kept sealed.
import "server-only";
import type { Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { sealSecret } from "@/lib/crypto/seal-secret";
import { SEALED_COLUMNS } from "@/lib/crypto/sealed-values";
import type { MailFacts, MailKind } from "@/lib/mail/kinds";

// Listed with every other sealed column, so that key rotation re-seals queued mail too (docs/decisions/041).
export const PAYLOAD_PURPOSE = SEALED_COLUMNS.outboxPayload.purpose;

export type MailWriter = Prisma.TransactionClient;

type Mail<K extends MailKind> = { kind: K; to: string; userId?: string | null; facts: MailFacts<K> };

function sealedFacts(facts: unknown) {
  const { sealed, keyId } = sealSecret(Buffer.from(JSON.stringify(facts), "utf8"), PAYLOAD_PURPOSE);
  return { payload: sealed, payloadKeyId: keyId };
}

export function mailEnabled(): boolean {
  return env().mail !== null;
}

export async function enqueueMail<K extends MailKind>(tx: MailWriter, mail: Mail<K>): Promise<void> {
  if (!mailEnabled()) return;
  await tx.outboxMail.create({
    data: { kind: mail.kind, recipient: mail.to, userId: mail.userId ?? null, ...sealedFacts(mail.facts) },
  });
}

export type Gathering = {
  key: string;
  /** At most one mail per key in this time. */
  windowSeconds: number;
  /** How long the first mail waits for more events (a bulk share's other files). */
  delaySeconds?: number;
};

/**
 * A mail that gathers events under `key`: the first goes out at once (or after `delaySeconds`); while the next one waits (until `windowSeconds`
 * after the last was sent), each event adds to its count. One pending row per key (a unique column, written by the
 * database's own upsert), so concurrent events on any node land in the same mail.
 */
export async function enqueueGatheredMail<K extends MailKind>(tx: MailWriter, mail: Mail<K> & Gathering) {
  if (!mailEnabled()) return;
  const now = new Date(Date.now() + (mail.delaySeconds ?? 0) * 1000);
  const last = await tx.outboxMail.findFirst({
    where: { groupKey: mail.key, pendingKey: null },
    orderBy: { createdAt: "desc" },
    select: { sentAt: true, nextAttemptAt: true },
  });
  const lastAt = last ? (last.sentAt ?? last.nextAttemptAt).getTime() : -Infinity;
  const notBefore = new Date(Math.max(now.getTime(), lastAt + mail.windowSeconds * 1000));
  await tx.outboxMail.upsert({
    where: { pendingKey: mail.key },
    update: { eventCount: { increment: 1 } },
    create: {
      kind: mail.kind,
      recipient: mail.to,
      userId: mail.userId ?? null,
      pendingKey: mail.key,
      groupKey: mail.key,
      nextAttemptAt: notBefore,
      ...sealedFacts(mail.facts),
    },
  });
}
