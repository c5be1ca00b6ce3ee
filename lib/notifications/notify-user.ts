// A notification for one user, written in the caller's transaction: sent only to a confirmed address, only if the
// user has this kind on (Settings; each kind has a default), never to a disabled account.
import "server-only";
import type { MailFacts } from "@/lib/mail/kinds";
import type { NotificationKind } from "@/lib/mail/notification-kinds";
import { enqueueGatheredMail, enqueueMail, mailEnabled, type Gathering, type MailWriter } from "@/lib/outbox/enqueue-mail";
import { isNotificationOn } from "./preferences";

/** The confirmed address of an enabled account, or null. */
export async function confirmedAddress(tx: MailWriter, userId: string): Promise<{ email: string; username: string } | null> {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { email: true, emailVerified: true, disabled: true, username: true },
  });
  return user?.email && user.emailVerified && !user.disabled ? { email: user.email, username: user.username } : null;
}

export async function notifyUser<K extends NotificationKind>(
  tx: MailWriter,
  opts: {
    userId: string;
    kind: K;
    facts: MailFacts<K>;
    /** Gather events under this key into one mail per window (a link's downloads, a bulk share). */
    gather?: Gathering;
  },
): Promise<void> {
  if (!mailEnabled()) return;
  const to = await confirmedAddress(tx, opts.userId);
  if (!to || !(await isNotificationOn(tx, opts.userId, opts.kind))) return;
  const mail = { kind: opts.kind, to: to.email, userId: opts.userId, facts: opts.facts };
  if (opts.gather) await enqueueGatheredMail(tx, { ...mail, ...opts.gather });
  else await enqueueMail(tx, mail);
}
