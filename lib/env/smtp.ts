// SMTP_URL, MAIL_FROM and SMTP_CA_FILE as the mail transport needs them, or the reason they cannot be used.
// TLS is decided by the scheme alone, on any port: smtps:// speaks TLS from the first byte (465 by default),
// smtp:// must upgrade with STARTTLS (587 by default) and refuses to send if the server does not offer it.
// Plain text (?tls=none) is accepted only towards this machine (a local relay such as postfix on port 25).
import fs from "node:fs";
import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { z } from "zod";

export type SmtpSettings = {
  host: string;
  port: number;
  /** "implicit": TLS from the start; "starttls": upgrade required; "none": plain text to a loopback relay. */
  tls: "implicit" | "starttls" | "none";
  auth?: { user: string; pass: string };
  /** PEM certificates to trust besides the system's (a private CA). */
  ca?: string;
};

export type MailFrom = { name?: string; address: string };

const LOOPBACK_NAMES = new Set(["localhost", "localhost.localdomain", "ip6-localhost"]);

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  if (LOOPBACK_NAMES.has(bare.toLowerCase())) return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return bare === "::1";
}

/** The settings SMTP_URL describes; throws with what is wrong (never echoing the password). */
export function parseSmtpUrl(value: string, caFile?: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error("is not a URL: use smtps://user:password@host:465 or smtp://user:password@host:587");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new Error("must start with smtps:// (TLS) or smtp:// (STARTTLS)");
  if (!url.hostname) throw new Error("names no host");
  if (url.pathname !== "" && url.pathname !== "/") throw new Error("must not have a path");
  const implicit = url.protocol === "smtps:";
  const options = [...url.searchParams.keys()];
  const unknown = options.filter((key) => key !== "tls");
  if (unknown.length > 0) throw new Error(`has an unknown option (${unknown.join(", ")}); only ?tls=none is understood`);
  const tlsOption = url.searchParams.get("tls");
  if (tlsOption !== null && (tlsOption !== "none" || implicit)) throw new Error("accepts only ?tls=none, and only with smtp://");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (tlsOption === "none" && !isLoopback(host)) {
    throw new Error("?tls=none sends passwords and mail in plain text: it is allowed only to a relay on this machine (localhost)");
  }
  const port = url.port ? Number(url.port) : implicit ? 465 : 587;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  if (pass && !user) throw new Error("has a password without a user name");
  return {
    host,
    port,
    tls: implicit ? "implicit" : tlsOption === "none" ? "none" : "starttls",
    ...(user ? { auth: { user, pass } } : {}),
    ...(caFile ? { ca: readCertificates(caFile) } : {}),
  };
}

function readCertificates(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot be read: SMTP_CA_FILE ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    new X509Certificate(text);
  } catch {
    throw new Error(`holds no PEM certificate: SMTP_CA_FILE ${file}`);
  }
  return text;
}

const address = z.email();

/** "Coffer <coffer@example.org>" or a bare address. */
export function parseMailFrom(value: string): MailFrom {
  const match = /^\s*(?:"?([^"<>]*?)"?\s*<([^<>\s]+)>|([^<>\s]+))\s*$/.exec(value);
  const mailbox = match?.[2] ?? match?.[3];
  if (!mailbox || !address.safeParse(mailbox).success) {
    throw new Error("must be an address, optionally with a name: Coffer <coffer@example.org>");
  }
  const name = match?.[1]?.trim();
  return { address: mailbox, ...(name ? { name } : {}) };
}
