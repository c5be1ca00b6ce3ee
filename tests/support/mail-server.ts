// A real SMTP server on loopback for the tests (the smtp-server package): STARTTLS (smtp://, the default), TLS from
// the first byte (smtps://) or plain text, with a certificate for "localhost" made by openssl and handed to Coffer
// as SMTP_CA_FILE, and a password. It keeps every mail it accepts, parsed (mailparser), and can be stopped and
// started again on the same port, as a mail server that goes down and comes back.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { simpleParser } from "mailparser";
import { freePort } from "../../scripts/throwaway-server.mjs";

export type ReceivedMail = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  raw: string;
};

export type MailServerOptions = {
  tls?: "starttls" | "implicit" | "none";
  /** Answer RCPT TO for these addresses with a permanent 550. */
  refuse?: (address: string) => boolean;
};

let certificate: { key: string; cert: string; caFile: string } | undefined;

/** A self-signed certificate for localhost and 127.0.0.1, made once per test process. */
export function localhostCertificate() {
  if (certificate) return certificate;
  const dir = fs.mkdtempSync(path.join(process.env.COFFER_TEST_RUN_DIR ?? os.tmpdir(), "smtp-cert-"));
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"]
      .concat(["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
      .concat(["-keyout", keyFile, "-out", certFile]),
    { stdio: "ignore" },
  );
  certificate = { key: fs.readFileSync(keyFile, "utf8"), cert: fs.readFileSync(certFile, "utf8"), caFile: certFile };
  return certificate;
}

export class TestMailServer {
  readonly mails: ReceivedMail[] = [];
  readonly user = "coffer";
  readonly password = `smtp-${randomBytes(9).toString("base64url")}`;
  /** Every SMTP session's authentication attempts, for tests that look at them. */
  readonly logins: string[] = [];
  private server: SMTPServer | null = null;

  private constructor(
    readonly port: number,
    private readonly options: MailServerOptions,
  ) {}

  static async start(options: MailServerOptions = {}): Promise<TestMailServer> {
    const server = new TestMailServer(await freePort(), options);
    await server.start();
    return server;
  }

  get tls() {
    return this.options.tls ?? "starttls";
  }

  /** The settings that point a Coffer at this server. */
  get env(): Record<string, string> {
    const credentials = `${this.user}:${encodeURIComponent(this.password)}`;
    const url =
      this.tls === "implicit"
        ? `smtps://${credentials}@localhost:${this.port}`
        : this.tls === "none"
          ? `smtp://127.0.0.1:${this.port}?tls=none`
          : `smtp://${credentials}@localhost:${this.port}`;
    return {
      SMTP_URL: url,
      MAIL_FROM: "Coffer <coffer@example.test>",
      ...(this.tls === "none" ? {} : { SMTP_CA_FILE: localhostCertificate().caFile }),
    };
  }

  async start(): Promise<void> {
    const { key, cert } = localhostCertificate();
    const plain = this.tls === "none";
    const options: SMTPServerOptions = {
      secure: this.tls === "implicit",
      key,
      cert,
      hideSTARTTLS: plain,
      authOptional: plain,
      disabledCommands: plain ? ["AUTH", "STARTTLS"] : [],
      logger: false,
      // stop() is a server going down: open connections are dropped at once, not waited for.
      closeTimeout: 50,
      banner: "Coffer's test mail server",
      onAuth: (auth, _session, callback) => {
        this.logins.push(auth.username ?? "");
        if (auth.username === this.user && auth.password === this.password) callback(null, { user: auth.username });
        else callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
      },
      onRcptTo: (address, _session, callback) => {
        if (this.options.refuse?.(address.address)) {
          callback(Object.assign(new Error(`5.1.1 <${address.address}>: no such mailbox`), { responseCode: 550 }));
        } else callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (parsed) => {
              this.mails.push({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((r) => r.address),
                subject: parsed.subject ?? "",
                text: parsed.text ?? "",
                html: typeof parsed.html === "string" ? parsed.html : "",
                headers: parsed.headers as Map<string, unknown>,
                raw: raw.toString("utf8"),
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    };
    const server = new SMTPServer(options);
    server.on("error", () => {});
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
  }

  /** Stops listening and drops every open connection, as a server that went down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The mails to `address`, in the order they arrived; with `subject`, only those whose subject matches. */
  mailsTo(address: string, subject?: string | RegExp): ReceivedMail[] {
    return this.mails.filter(
      (mail) =>
        mail.to.includes(address) &&
        (subject === undefined || (typeof subject === "string" ? mail.subject === subject : subject.test(mail.subject))),
    );
  }

  /** Waits for `count` mails to `address` (with that subject, if given); fails with what did arrive. */
  async waitForMails(address: string, count = 1, opts: { subject?: string | RegExp; timeoutMs?: number } = {}): Promise<ReceivedMail[]> {
    const started = Date.now();
    const timeoutMs = opts.timeoutMs ?? 20_000;
    while (this.mailsTo(address, opts.subject).length < count) {
      if (Date.now() - started > timeoutMs) {
        const got = this.mails.map((m) => `${m.to.join(",")}: ${m.subject}`).join("\n  ");
        throw new Error(
          `expected ${count} mail(s) to ${address}${opts.subject ? ` (${opts.subject})` : ""} within ${timeoutMs} ms; the server has:\n  ${got || "(none)"}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.mailsTo(address, opts.subject);
  }

  /** The latest mail to `address` (with that subject, if given), once there is one. */
  async waitForMail(address: string, opts: { subject?: string | RegExp; timeoutMs?: number } = {}): Promise<ReceivedMail> {
    const mails = await this.waitForMails(address, 1, opts);
    return mails[mails.length - 1];
  }
}

/** The first link to Coffer in a mail's text that starts with `prefix` (a path such as "/reset-password"). */
export function linkIn(mail: ReceivedMail, baseUrl: string, prefix: string): string {
  const found = mail.text.match(/https?:\/\/\S+/g)?.find((url) => url.startsWith(`${baseUrl}${prefix}`));
  if (!found) throw new Error(`no link to ${prefix} in the mail "${mail.subject}":\n${mail.text}`);
  return found;
}
