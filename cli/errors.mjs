// What went wrong, as an exit code a script can act on (README, "Command-line client"), and the one place that
// keeps tokens out of anything the CLI prints.

export const EXIT = {
  ok: 0,
  usage: 1,
  auth: 2,
  notFound: 3,
  refused: 4,
  network: 5,
  integrity: 6,
  invalid: 7,
  interrupted: 130,
};

export class CliError extends Error {
  /** @param {keyof typeof EXIT} kind @param {string} message @param {{ code?: string, status?: number, fieldErrors?: object, retryAfterSeconds?: number }} [detail] */
  constructor(kind, message, detail = {}) {
    super(message);
    this.kind = kind;
    this.exitCode = EXIT[kind];
    this.detail = detail;
  }
}

/** The kind of failure an HTTP status means (the server's error code wins where it says more). */
export function kindOfStatus(status, code) {
  if (code === "QUOTA_EXCEEDED" || code === "RATE_LIMITED" || code === "TOO_MANY_UPLOADS") return "refused";
  if (status === 401 || status === 403) return "auth";
  if (status === 404 || status === 410) return "notFound";
  if (status === 413 || status === 423 || status === 429 || status === 507) return "refused";
  if (status === 400 || status === 409 || status === 415 || status === 416 || status === 422) return "invalid";
  return "network";
}

const secrets = new Set();

/** Registers a value (the token) that must never be printed. */
export function keepSecret(value) {
  if (value) secrets.add(value);
}

/** The text with every registered secret, and anything shaped like a Coffer token, blanked out. */
export function redact(text) {
  let out = String(text);
  for (const secret of secrets) out = out.split(secret).join("[token]");
  return out.replace(/coffer_pat_[A-Za-z0-9_-]+/g, "coffer_pat_[…]");
}
