// The one nodemailer transport (a pool), made from the validated environment (lib/env/smtp.ts). A pool: the sender loop
// reuses its connections. nodemailer's own logging stays off, since it would print the whole conversation
// (passwords, one-time links).
import "server-only";
import { processSingleton } from "@/lib/process-state";
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { env } from "@/lib/env";
import type { SmtpSettings } from "@/lib/env/smtp";

export type SmtpTransport = Transporter<SMTPPool.SentMessageInfo | SMTPTransport.SentMessageInfo>;

function transportOptions(smtp: SmtpSettings): SMTPTransport.Options {
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === "implicit",
    requireTLS: smtp.tls === "starttls",
    ignoreTLS: smtp.tls === "none",
    auth: smtp.auth,
    tls: { minVersion: "TLSv1.2", ...(smtp.ca ? { ca: smtp.ca } : {}) },
    // A mail server that hangs must not hold a lease for long (lib/outbox/send-outbox.ts).
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    logger: false,
    debug: false,
  };
}

/** The transport, or null when SMTP_URL is not set. */
export function smtpTransport(): SmtpTransport | null {
  const mail = env().mail;
  if (!mail) return null;
  return processSingleton("smtp-transport", { kind: "pool", why: "this process's connections to the SMTP server" }, () =>
    nodemailer.createTransport({
      ...transportOptions(mail.smtp),
      pool: true,
      maxConnections: 2,
    } satisfies SMTPPool.Options),
  );
}

/** A fresh transport that is not pooled, for one check (`npm run admin -- test-email`). */
export function oneShotTransport(smtp: SmtpSettings): SmtpTransport {
  return nodemailer.createTransport(transportOptions(smtp));
}
