// Sends what is due in the outbox: each row is claimed first (lib/outbox/claim-mail.ts), rendered from its sealed
// facts, handed to the SMTP server, then marked sent and its words dropped. A failure is logged with its reason
// and kept on the row for the admin page; a temporary one is tried again later (the wait doubles each time, up to
// an hour, for a day), a permanent one (the server refused the recipient or the message: a 5xx) is given up at once.
import "server-only";
import os from "node:os";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { openSecret } from "@/lib/crypto/seal-secret";
import { NOTIFICATION_KINDS, isNotificationKind } from "@/lib/mail/notification-kinds";
import { oneClickUnsubscribeUrl, unsubscribeUrl } from "@/lib/mail/unsubscribe-token";
import { isMailKind, MAIL_TEMPLATES } from "@/lib/mail/kinds";
import { PAYLOAD_PURPOSE } from "./enqueue-mail";
import { claimMail, settleMail, type MailLease } from "./claim-mail";
import { renderMail, type MailFooter, type RenderedMail } from "@/lib/mail/render-mail";
import type { MailTemplate } from "@/lib/mail/template";
import type { SmtpTransport } from "./smtp-transport";

/** Past this age a mail that still fails is given up. */
export const GIVE_UP_AFTER_SECONDS = 24 * 3600;
const MAX_WAIT_SECONDS = 3600;
const BATCH = 20;

type OutboxRow = {
  id: string;
  kind: string;
  userId: string | null;
  recipient: string;
  payload: string | null;
  payloadKeyId: string | null;
  attempts: number;
  eventCount: number;
  createdAt: Date;
};

/** A failure as the log and the admin page show it: the SMTP code and reply, or the error's code and message. */
export function failureReason(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; response?: string; command?: string; message?: string };
  const reply = e.response ?? e.message ?? String(error);
  const parts = [e.code, e.command ? `at ${e.command}` : undefined].filter(Boolean).join(" ");
  return `${parts ? `${parts}: ` : ""}${reply}`.replace(/\s+/g, " ").slice(0, 400);
}

/** The server refused this mail for good (its recipient or its content), as opposed to a problem that may pass. */
function isPermanent(error: unknown): boolean {
  const e = error as { code?: string; responseCode?: number };
  return (e.code === "EENVELOPE" || e.code === "EMESSAGE") && typeof e.responseCode === "number" && e.responseCode >= 500;
}

/** The wait after the n-th failed attempt: MAIL_RETRY_SECONDS, doubled each time, at most an hour, ±10 %. */
export function retryDelaySeconds(attempts: number): number {
  const base = Math.min(MAX_WAIT_SECONDS, env().MAIL_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1));
  return base * (0.9 + Math.random() * 0.2);
}

function footerFor(row: OutboxRow, why: string | undefined): MailFooter {
  if (isNotificationKind(row.kind) && row.userId) {
    const url = unsubscribeUrl(row.userId, row.kind);
    return {
      lines: [`You get this mail because “${NOTIFICATION_KINDS[row.kind].label}” is on in your Coffer settings.`],
      links: [
        { label: "Turn this kind of mail off", url },
        { label: "All your mail settings", url: `${env().APP_URL}/settings#notifications-heading` },
      ],
    };
  }
  return { lines: why ? [why] : [] };
}

function render(row: OutboxRow): { mail: RenderedMail; unsubscribe?: string } {
  if (!isMailKind(row.kind)) throw new PermanentFailure(`unknown kind of mail "${row.kind}"`);
  if (!row.payload || !row.payloadKeyId) throw new PermanentFailure("the mail's contents are gone");
  let facts: unknown;
  try {
    facts = JSON.parse(openSecret(row.payload, row.payloadKeyId, PAYLOAD_PURPOSE).toString("utf8"));
  } catch {
    throw new PermanentFailure(`the mail was sealed with master key "${row.payloadKeyId}", which does not open it any more`);
  }
  const template = MAIL_TEMPLATES[row.kind] as MailTemplate<unknown>;
  const { why, ...content } = template(facts, { appUrl: env().APP_URL, eventCount: row.eventCount });
  return {
    mail: renderMail(content, footerFor(row, why)),
    unsubscribe: isNotificationKind(row.kind) && row.userId ? oneClickUnsubscribeUrl(row.userId, row.kind) : undefined,
  };
}

class PermanentFailure extends Error {}

async function deliver(transport: SmtpTransport, row: OutboxRow, lease: MailLease): Promise<void> {
  const from = env().mail!.from;
  const log = { mailId: row.id, kind: row.kind, userId: row.userId, domain: row.recipient.split("@").pop(), attempt: row.attempts };
  try {
    const { mail, unsubscribe } = render(row);
    await transport.sendMail({
      from: from.name ? { name: from.name, address: from.address } : from.address,
      to: row.recipient,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: {
        // RFC 3834: an automatic mail; vacation responders should not answer it.
        "Auto-Submitted": "auto-generated",
        ...(unsubscribe ? { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {}),
      },
    });
    await settleMail(lease, { status: "sent", sentAt: new Date(), payload: null, payloadKeyId: null });
    logger.info(log, "mail sent");
  } catch (error) {
    const reason = error instanceof PermanentFailure ? error.message : failureReason(error);
    const now = new Date();
    const tooOld = now.getTime() - row.createdAt.getTime() > GIVE_UP_AFTER_SECONDS * 1000;
    if (error instanceof PermanentFailure || isPermanent(error) || tooOld) {
      await settleMail(lease, { status: "failed", lastError: reason, lastErrorAt: now, payload: null, payloadKeyId: null });
      logger.error({ ...log, reason }, "mail given up");
    } else {
      const retryAt = new Date(now.getTime() + retryDelaySeconds(row.attempts) * 1000);
      await settleMail(lease, { lastError: reason, lastErrorAt: now, nextAttemptAt: retryAt });
      logger.warn({ ...log, reason, retryAt: retryAt.toISOString() }, "mail not sent, will try again");
    }
  }
}

/** Claims and sends the mails due now, a batch at a time; answers how many this node took. */
export async function sendDueMails(opts: { transport: SmtpTransport; node?: string; now?: Date }): Promise<number> {
  const node = opts.node ?? env().NODE_NAME ?? os.hostname();
  const now = opts.now ?? new Date();
  const due = await db.outboxMail.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    orderBy: { nextAttemptAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  let taken = 0;
  for (const { id } of due) {
    const lease = await claimMail({ id, node, now });
    if (!lease) continue;
    taken++;
    const row = await db.outboxMail.findUnique({
      where: { id },
      select: {
        id: true,
        kind: true,
        userId: true,
        recipient: true,
        payload: true,
        payloadKeyId: true,
        attempts: true,
        eventCount: true,
        createdAt: true,
      },
    });
    if (row) await deliver(opts.transport, row, lease);
  }
  return taken;
}
