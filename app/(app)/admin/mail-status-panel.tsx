// The admin page's mail section: whether Coffer sends mail, what waits in the outbox, what failed and why.
import type { MailStatus } from "@/lib/outbox/mail-status";
import { LocalTime } from "@/components/ui/relative-time";

export function MailStatusPanel({ status }: { status: MailStatus }) {
  if (!status.configured) {
    return (
      <p className="max-w-prose text-sm text-slate-700" data-testid="mail-status">
        Mail is off: Coffer sends no mail (no confirmations, password resets or notifications). Set <code>SMTP_URL</code> and{" "}
        <code>MAIL_FROM</code> to turn it on (see the README). Without mail, give users who forgot their password a reset link from the
        table below.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="mail-status">
      <p>
        Mail goes from <strong>{status.from}</strong> through {status.server}.
      </p>
      <dl className="grid max-w-md grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-600">Waiting to be sent</dt>
        <dd data-testid="mail-waiting">{status.waiting}</dd>
        <dt className="text-slate-600">Being retried</dt>
        <dd data-testid="mail-retrying">{status.retrying}</dd>
        <dt className="text-slate-600">Given up in the last 7 days</dt>
        <dd data-testid="mail-failed" className={status.failedThisWeek > 0 ? "font-semibold text-red-700" : undefined}>
          {status.failedThisWeek}
        </dd>
      </dl>
      {status.lastError ? (
        <p className="max-w-prose" data-testid="mail-last-error">
          Last failure, <LocalTime date={status.lastError.at} /> ({status.lastError.kind} mail,{" "}
          {status.lastError.status === "failed" ? "given up" : status.lastError.status === "sent" ? "sent later" : "will be retried"}):{" "}
          <code className="break-all">{status.lastError.reason}</code>
        </p>
      ) : (
        <p className="text-slate-600">No mail has failed.</p>
      )}
    </div>
  );
}
