// What the admin page shows about mail: whether it is on, what waits, what failed lately and the last reason.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

const WEEK_MS = 7 * 24 * 3600 * 1000;

export type MailStatus = {
  configured: boolean;
  from: string | null;
  server: string | null;
  waiting: number;
  retrying: number;
  failedThisWeek: number;
  lastError: { at: Date; kind: string; reason: string; status: string } | null;
};

export async function readMailStatus(): Promise<MailStatus> {
  const mail = env().mail;
  const since = new Date(Date.now() - WEEK_MS);
  const [waiting, retrying, failedThisWeek, last] = await Promise.all([
    db.outboxMail.count({ where: { status: "pending" } }),
    db.outboxMail.count({ where: { status: "pending", lastError: { not: null } } }),
    db.outboxMail.count({ where: { status: "failed", lastErrorAt: { gte: since } } }),
    db.outboxMail.findFirst({
      where: { lastErrorAt: { not: null } },
      orderBy: { lastErrorAt: "desc" },
      select: { lastErrorAt: true, kind: true, lastError: true, status: true },
    }),
  ]);
  return {
    configured: mail !== null,
    from: mail ? (mail.from.name ? `${mail.from.name} <${mail.from.address}>` : mail.from.address) : null,
    server: mail
      ? `${mail.smtp.host}:${mail.smtp.port} (${mail.smtp.tls === "implicit" ? "TLS" : mail.smtp.tls === "starttls" ? "STARTTLS" : "plain, local"})`
      : null,
    waiting,
    retrying,
    failedThisWeek,
    lastError: last?.lastErrorAt ? { at: last.lastErrorAt, kind: last.kind, reason: last.lastError ?? "", status: last.status } : null,
  };
}
