// The only reader of process.env: validated once, typed, with the few rules that keep production safe.
import { availableParallelism, hostname } from "node:os";
import { z } from "zod";
import { databaseUrl, databaseUrlProblem, migrationUrlProblem } from "./database-url.mjs";
import { parseTrustedProxies } from "./trusted-proxies";
import { parseMasterKeys } from "./master-keys";
import { s3Settings, type S3Settings } from "./s3-settings";
import { parseMailFrom, parseSmtpUrl, type MailFrom, type SmtpSettings } from "./smtp";

const GiB = 1024 ** 3;
const WEAK_SECRETS = new Set(["secret", "changeme", "change-me", "password", "development", "test"]);
const DEFAULT_BLOCKED = "php,php3,php4,php5,phtml,phar,jsp,jspx,asp,aspx,cgi,pl,exe,bat,cmd,com,ps1,sh,msi,scr,vbs";

const byteCount = (fallback: number) =>
  z.coerce.number().int("must be a whole number of bytes").positive("must be positive").default(fallback);

const count = (fallback: number, min = 1) =>
  z.coerce.number().int("must be a whole number").min(min, `must be at least ${min}`).default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  AUTH_SECRET: z
    .string({ error: "is missing (run `npm start` once to generate .env.local, or set it)" })
    .min(32, "is too short: use at least 32 random characters")
    .refine((s) => !WEAK_SECRETS.has(s.toLowerCase()) && new Set(s).size >= 10, "is too weak: use random characters"),
  STORAGE_MASTER_KEY: z.string({ error: "is missing (run `npm start` once to generate .env.local, or set it)" }).transform((value, ctx) => {
    try {
      return parseMasterKeys(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  }),
  STORAGE_DIR: z.string().min(1).default("storage"),
  // Where blobs live: the local folder STORAGE_DIR, or an S3-compatible bucket (S3_*, see lib/env/s3-settings.ts).
  STORAGE_DRIVER: z.enum(["local", "s3"], { error: 'must be "local" (the default) or "s3"' }).default("local"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  MAX_FILE_SIZE: byteCount(2 * GiB),
  USER_QUOTA: byteCount(10 * GiB),
  // Uploads one user may have under way at once (each request counts once); more answer 429.
  MAX_CONCURRENT_UPLOADS: count(4),
  // New uploads are refused (507) when the storage folder's free space would drop under this many bytes.
  MIN_FREE_DISK: z.coerce.number().int("must be a whole number of bytes").min(0, "must not be negative").default(GiB),
  // Files one user may own, so that empty files cannot grow the database without bound.
  MAX_FILES_PER_USER: count(100_000),
  // Worker threads that seal and open the segments of uploads and downloads (0: on the event loop itself). One per
  // core; they run below the event loop's priority, so pages still go first (decision 075).
  TRANSFER_CRYPTO_THREADS: count(availableParallelism(), 0),
  // An upload body or a download that moves less than 16 KiB in this many seconds is closed (and cleaned up).
  TRANSFER_IDLE_SECONDS: count(60),
  // How often the storage sweep runs after the one at start-up.
  SWEEP_INTERVAL_SECONDS: count(3600),
  // How long a running link download's claim on a slot lasts without being renewed (its node renews it every 15 s):
  // when a node dies mid-transfer, its claims return to their links this long afterwards (docs/decisions/032).
  DOWNLOAD_CLAIM_LEASE_SECONDS: count(60, 20),
  // How long an upload under way is kept without its node renewing it (every quarter of this): when a node dies
  // mid-upload, any node gives back its quota and removes its blob this long afterwards (docs/decisions/065).
  UPLOAD_LEASE_SECONDS: count(60, 20),
  // How long a resumable upload (tus) may wait for its next request before the sweep removes it with its reservation;
  // each request starts the wait again (docs/decisions/076).
  UPLOAD_EXPIRY_HOURS: count(24, 1).refine((hours) => hours <= 24 * 30, "must be at most 720 (30 days)"),
  // How long the node that runs the routine sweeps holds that job without renewing it (every quarter of this): when
  // it dies, another node takes the sweeps over this long afterwards (docs/decisions/066).
  SWEEP_LEASE_SECONDS: count(60, 20),
  // On SIGTERM, how long the transfers under way may still run before they are cut off and the node exits
  // (docs/decisions/071). 0 cuts them at once.
  SHUTDOWN_GRACE_SECONDS: count(30, 0).refine((seconds) => seconds <= 3600, "must be at most 3600 (an hour)"),
  // How often one node lists the whole store to reconcile it with the database (0: only `npm run storage:reconcile`).
  RECONCILE_INTERVAL_HOURS: count(168, 0),
  // This server's name among several sharing one database (uploads in flight are recorded under it).
  NODE_NAME: z.string().min(1).max(64).default(hostname()),
  BLOCKED_EXTENSIONS: z
    .string()
    .default(DEFAULT_BLOCKED)
    .transform(
      (s) =>
        new Set(
          s
            .split(",")
            .map((e) => e.trim().replace(/^\./, "").toLowerCase())
            .filter(Boolean),
        ),
    ),
  // Secure cookies with the __Secure- prefix; on by default in production. Turn off only behind plain HTTP on a LAN.
  COOKIE_SECURE: z.enum(["true", "false", "1", "0"]).optional(),
  // Addresses and CIDR ranges of the reverse proxies in front of Coffer; forwarded headers count only from them.
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((value, ctx) => {
      try {
        return parseTrustedProxies(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  // Replaced by TRUSTED_PROXIES. Refused rather than ignored: an upgrade that silently stopped believing the proxy
  // would put every client behind it on one address, and one set of per-address limits.
  TRUST_PROXY: z
    .undefined({ error: "is no longer read: list the addresses of your reverse proxies in TRUSTED_PROXIES instead (see README)" })
    .optional(),
  // The address to listen on (all interfaces when unset).
  HOST: z.string().trim().min(1).optional(),
  // (SMTP_URL, MAIL_FROM and SMTP_CA_FILE are checked together by mailSettings below.)
  // The wait before a failed mail is tried again; it doubles with each failure, up to an hour.
  MAIL_RETRY_SECONDS: count(60),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // The public origin visitors use (https://files.example.org), for the few absolute URLs Coffer hands out.
  APP_URL: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return undefined;
      const origin = publicOrigin(value);
      if (!origin) {
        ctx.addIssue({ code: "custom", message: "must be an http or https origin without a path, such as https://files.example.org" });
        return z.NEVER;
      }
      return origin;
    }),
});

export type Env = Omit<z.infer<typeof schema>, "APP_URL"> & {
  APP_URL: string;
  DATABASE_URL: string;
  secureCookies: boolean;
  /** The bucket's settings when STORAGE_DRIVER=s3 (validated together), else null. */
  s3: S3Settings | null;
  /** Outgoing mail, or null when SMTP_URL is not set (Coffer then sends nothing). */
  mail: { smtp: SmtpSettings; from: MailFrom } | null;
};

/**
 * Outgoing mail: SMTP_URL (smtps://user:pass@host:465, or smtp://user:pass@host:587 with STARTTLS) with MAIL_FROM,
 * both or neither, and SMTP_CA_FILE for a private CA; each problem as a line.
 */
function mailSettings(source: Record<string, string | undefined>, lines: string[]): Env["mail"] {
  const url = source.SMTP_URL?.trim();
  const from = source.MAIL_FROM?.trim();
  if (!url) {
    if (from) lines.push("  MAIL_FROM is set but SMTP_URL is not: set SMTP_URL too, or remove MAIL_FROM");
    if (source.SMTP_CA_FILE) lines.push("  SMTP_CA_FILE is set but SMTP_URL is not");
    return null;
  }
  let smtp: SmtpSettings | undefined;
  let sender: MailFrom | undefined;
  try {
    smtp = parseSmtpUrl(url, source.SMTP_CA_FILE?.trim() || undefined);
  } catch (error) {
    lines.push(`  SMTP_URL ${(error as Error).message}`);
  }
  if (!from) lines.push("  MAIL_FROM is missing: the address mail comes from, such as Coffer <coffer@example.org>");
  else {
    try {
      sender = parseMailFrom(from);
    } catch (error) {
      lines.push(`  MAIL_FROM ${(error as Error).message}`);
    }
  }
  return smtp && sender ? { smtp, from: sender } : null;
}

/** `value` as an origin (scheme, host, port, no trailing slash), or null when it is more or less than one. */
function publicOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const bare = (url.pathname === "/" || url.pathname === "") && !url.search && !url.hash && !url.username && !url.password;
  return (url.protocol === "https:" || url.protocol === "http:") && bare && !value.endsWith("?") && !value.endsWith("#")
    ? url.origin
    : null;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  const lines = result.success ? [] : result.error.issues.map((issue) => `  ${issue.path.join(".")} ${issue.message}`);
  // The database: SQLite (file:) or PostgreSQL (postgresql://); lib/db/ picks the driver from what this accepts.
  const databaseProblem = source.DATABASE_URL ? databaseUrlProblem(source.DATABASE_URL) : null;
  if (databaseProblem) lines.push(`  DATABASE_URL ${databaseProblem}`);
  const migrationProblem =
    source.MIGRATION_DATABASE_URL && !databaseProblem ? migrationUrlProblem(source.MIGRATION_DATABASE_URL, databaseUrl(source)) : null;
  if (migrationProblem) lines.push(`  MIGRATION_DATABASE_URL ${migrationProblem}`);
  // In production the links Coffer shows must carry the name visitors use, not the server's own.
  if (source.NODE_ENV === "production" && !source.APP_URL) {
    lines.push("  APP_URL is missing: set it to the address visitors use, such as https://files.example.org");
  }
  const s3 = s3Settings(source, lines);
  const mail = mailSettings(source, lines);
  if (!result.success || lines.length > 0) {
    throw new Error(`Coffer cannot start: the environment is not valid.\n${lines.join("\n")}`);
  }
  const parsed = result.data;
  const secureCookies =
    parsed.COOKIE_SECURE === undefined ? parsed.NODE_ENV === "production" : parsed.COOKIE_SECURE === "true" || parsed.COOKIE_SECURE === "1";
  // Outside production the server's own address will do.
  const appUrl = parsed.APP_URL ?? `http://localhost:${parsed.PORT}`;
  return { ...parsed, APP_URL: appUrl, DATABASE_URL: databaseUrl(source), secureCookies, s3, mail };
}

let cached: Env | undefined;

/** The validated environment; throws with every problem listed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
