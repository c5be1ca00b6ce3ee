// Requests to a Coffer server with the token as a bearer: JSON in and out, and every failure turned into a CliError
// whose exit code says what kind it was. Redirects are not followed (the token would go along): the error names the
// address to use instead.
import { CliError, kindOfStatus } from "./errors.mjs";

export const USER_AGENT = "coffer-cli/0.1";

export class Api {
  /** @param {{ url: string, token: string }} credentials */
  constructor({ url, token }) {
    this.base = url;
    this.token = token;
  }

  headers(extra = {}) {
    return { authorization: `Bearer ${this.token}`, "user-agent": USER_AGENT, ...extra };
  }

  /** The raw answer (any status), or a network error. */
  async fetch(path, init = {}) {
    let response;
    try {
      response = await fetch(`${this.base}${path}`, { ...init, headers: this.headers(init.headers), redirect: "manual" });
    } catch (error) {
      const cause = error.cause?.code ?? error.cause?.message ?? error.message;
      throw new CliError("network", `Cannot reach ${this.base} (${cause}).`);
    }
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location");
      throw new CliError(
        "network",
        `The server answered with a redirect${location ? ` to ${location}` : ""}: log in with the address it redirects to.`,
      );
    }
    return response;
  }

  /** A JSON answer with a 2xx status (null for 204), or the server's error as a CliError. */
  async json(path, init = {}) {
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const response = await this.fetch(path, {
      ...init,
      body,
      headers: { accept: "application/json", ...(body ? { "content-type": "application/json" } : {}), ...init.headers },
    });
    if (!response.ok) throw await errorOf(response);
    if (response.status === 204) return null;
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new CliError(
        "network",
        `The server answered ${response.status} with something that is not JSON (is ${this.base} a Coffer server?).`,
      );
    }
  }
}

/** The CliError an unsuccessful answer means: `{ error: { code, message, … } }` (/api/v1) or `{ error: "…" }`. */
export async function errorOf(response) {
  return errorFrom(response.status, response.headers, await response.text().catch(() => ""));
}

/** The CliError an answer's status, headers and body mean. */
export function errorFrom(status, headers, text) {
  let code;
  let message;
  let fieldErrors;
  let retryAfterSeconds;
  try {
    const { error } = JSON.parse(text);
    if (typeof error === "string") message = error;
    else if (error && typeof error === "object") ({ code, message, fieldErrors, retryAfterSeconds } = error);
  } catch {
    // Not JSON: the status says it all.
  }
  const retryAfter = Number(headers.get("retry-after"));
  if (retryAfterSeconds === undefined && Number.isFinite(retryAfter) && retryAfter > 0) retryAfterSeconds = retryAfter;
  const kind = kindOfStatus(status, code);
  const fallback = {
    auth:
      status === 401
        ? "The token was refused (wrong, expired or revoked): run coffer login again."
        : "The token lacks the scope this needs.",
    notFound: "Not found (or not yours).",
  }[kind];
  let text2 = message || fallback || `The server answered ${status}.`;
  if (fieldErrors && typeof fieldErrors === "object") {
    const fields = Object.entries(fieldErrors).map(([field, errors]) => `${field}: ${[].concat(errors).join(", ")}`);
    if (fields.length) text2 += ` (${fields.join("; ")})`;
  }
  if (retryAfterSeconds) text2 += ` Try again in ${retryAfterSeconds} s.`;
  return new CliError(kind, text2, { status, code, fieldErrors, retryAfterSeconds });
}
