// A cookie-keeping HTTP client for one visitor of a test server: plain requests, Auth.js sign-in,
// and server actions called over HTTP exactly as the browser calls them.
import { actionId, encodeActionArgs } from "./server-actions";

export type StoredCookie = { value: string; httpOnly: boolean; secure: boolean; sameSite?: string; path: string };
export type SessionPayload = {
  user?: { id: string; username: string; role: string; name?: string; sessionId?: string; twoFactor?: boolean };
  expires?: string;
} | null;
export type ActionResponse<T = unknown> = {
  status: number;
  /** What the action returned; undefined when it redirected. */
  value: T | undefined;
  /**
   * Where the browser goes next, or null: the action's redirect (`x-action-redirect` without its ";push"),
   * an HTTP Location (the proxy's), or a redirect thrown while re-rendering the page after the action.
   */
  redirectTo: string | null;
};

const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

export const isSessionCookie = (name: string) => SESSION_COOKIE.test(name);

export class Client {
  /** The Set-Cookie lines of the last answer, as sent (to check the attributes a cookie was set or removed with). */
  lastSetCookies: string[] = [];

  constructor(
    readonly baseUrl: string,
    /** `fetch`: another transport than the global fetch (tests/support/http2-fetch.ts: HTTP/2 with a test CA). */
    private readonly defaults: { headers?: Record<string, string>; fetch?: typeof fetch } = {},
    private readonly jar = new Map<string, StoredCookie>(),
  ) {}

  /**
   * The same browser talking to another server: one cookie jar (cookies do not tell ports apart, so a browser sends
   * them to every node of a cluster on one host), the same default headers and transport, another base URL.
   */
  at(baseUrl: string): Client {
    return new Client(baseUrl, this.defaults, this.jar);
  }

  async fetch(target: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(this.defaults.headers);
    new Headers(init.headers).forEach((value, name) => headers.set(name, value));
    const cookie = [...this.jar].map(([name, c]) => `${name}=${c.value}`).join("; ");
    if (cookie && !headers.has("cookie")) headers.set("cookie", cookie);
    const response = await (this.defaults.fetch ?? fetch)(new URL(target, this.baseUrl), { ...init, headers, redirect: "manual" });
    this.lastSetCookies = response.headers.getSetCookie();
    for (const line of this.lastSetCookies) this.store(line);
    return response;
  }

  get(target: string, init: RequestInit = {}): Promise<Response> {
    return this.fetch(target, { ...init, method: "GET" });
  }

  post(target: string, body: BodyInit, init: RequestInit = {}): Promise<Response> {
    return this.fetch(target, { ...init, method: "POST", body });
  }

  /** Keeps the cookies of an answer received some other way (node:http), as a browser would. */
  keepCookies(setCookie: string[]): void {
    for (const line of setCookie) this.store(line);
  }

  cookie(name: string): StoredCookie | undefined {
    return this.jar.get(name);
  }

  sessionCookie(): (StoredCookie & { name: string }) | undefined {
    const found = [...this.jar].find(([name]) => isSessionCookie(name));
    return found && { name: found[0], ...found[1] };
  }

  /** Signs in through the Auth.js endpoints; true when the answer set a session cookie. */
  async signIn(identifier: string, password: string): Promise<boolean> {
    const { csrfToken } = (await (await this.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await this.post("/api/auth/callback/credentials", new URLSearchParams({ identifier, password, csrfToken }));
    await response.arrayBuffer();
    return response.headers.getSetCookie().some((line) => {
      const [name, value] = line.split(";")[0].split("=");
      return isSessionCookie(name.trim()) && Boolean(value);
    });
  }

  /** The Auth.js session as the browser sees it: null when signed out. */
  async session(): Promise<SessionPayload> {
    const response = await this.get("/api/auth/session");
    if (!response.ok) throw new Error(`GET /api/auth/session answered ${response.status}`);
    return (await response.json()) as SessionPayload;
  }

  /**
   * Calls a server action the way React does: POST to the page with the action's id in `Next-Action`
   * and the arguments encoded as a React reply, then decodes the action's value from the RSC answer.
   */
  async callAction<T = unknown>(pagePath: string, file: string, exportName: string, args: unknown[]): Promise<ActionResponse<T>> {
    const response = await this.post(pagePath, encodeActionArgs(args), {
      headers: {
        "next-action": actionId(file, exportName),
        accept: "text/x-component",
        "content-type": "text/plain;charset=UTF-8",
        origin: new URL(this.baseUrl).origin,
      },
    });
    // An action redirects with a header; a plain HTTP redirect (the proxy's) never reached the action.
    const redirect = response.headers.get("x-action-redirect") ?? response.headers.get("location");
    const body = Buffer.from(await response.arrayBuffer());
    const isFlight = response.headers.get("content-type")?.startsWith("text/x-component") ?? false;
    if (!isFlight && !redirect) {
      throw new Error(
        `${exportName} answered ${response.status} ${response.headers.get("content-type")}: ${body.toString("utf8").slice(0, 500)}`,
      );
    }
    const rows = isFlight ? parseRows(body) : new Map<string, Row>();
    return {
      status: response.status,
      value: actionValue(rows, exportName) as T | undefined,
      redirectTo: redirect ? redirect.split(";")[0] : pageRedirect(rows),
    };
  }

  private store(line: string) {
    const [pair, ...attributes] = line.split(";").map((part) => part.trim());
    const split = pair.indexOf("=");
    const name = pair.slice(0, split);
    const value = pair.slice(split + 1);
    const cookie: StoredCookie = { value, httpOnly: false, secure: false, path: "/" };
    let expired = value === "";
    for (const attribute of attributes) {
      const [key, ...rest] = attribute.split("=");
      const attributeValue = rest.join("=");
      switch (key.toLowerCase()) {
        case "httponly":
          cookie.httpOnly = true;
          break;
        case "secure":
          cookie.secure = true;
          break;
        case "samesite":
          cookie.sameSite = attributeValue;
          break;
        case "path":
          cookie.path = attributeValue;
          break;
        case "max-age":
          if (Number(attributeValue) <= 0) expired = true;
          break;
        case "expires":
          if (Date.parse(attributeValue) <= Date.now()) expired = true;
          break;
      }
    }
    if (expired) this.jar.delete(name);
    else this.jar.set(name, cookie);
  }
}

// ---- RSC ("flight") decoding, for JSON-like values only ----------------------------------------

type Row = { tag: string; text: string };

// Rows are `<hex id>:<tag?><payload>\n`; the tags below carry `<hex length>,` and then exactly that many bytes.
const LENGTH_TAGS = new Set("TAObUSsLlGgMmV".split(""));
const isNewlineTag = (c: string) => (c >= "A" && c <= "Z") || c === "#" || c === "r" || c === "x";

function parseRows(body: Buffer): Map<string, Row> {
  const rows = new Map<string, Row>();
  let i = 0;
  while (i < body.length) {
    const colon = body.indexOf(":", i);
    if (colon < 0) break;
    const id = body.toString("latin1", i, colon);
    const tag = String.fromCharCode(body[colon + 1]);
    if (LENGTH_TAGS.has(tag)) {
      const comma = body.indexOf(",", colon + 2);
      const length = parseInt(body.toString("latin1", colon + 2, comma), 16);
      rows.set(id, { tag, text: body.toString("utf8", comma + 1, comma + 1 + length) });
      i = comma + 1 + length;
    } else {
      const start = isNewlineTag(tag) ? colon + 2 : colon + 1;
      let end = body.indexOf(0x0a, start);
      if (end < 0) end = body.length;
      rows.set(id, { tag: isNewlineTag(tag) ? tag : "", text: body.toString("utf8", start, end) });
      i = end + 1;
    }
  }
  return rows;
}

/**
 * After an action, Next re-renders the current page into the same answer; when that render redirects
 * (say, a layout that finds no session), the browser follows it. The redirect travels as an error row.
 */
function pageRedirect(rows: Map<string, Row>): string | null {
  for (const row of rows.values()) {
    if (row.tag !== "E") continue;
    const digest = (JSON.parse(row.text) as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT;")) return digest.split(";")[2];
  }
  return null;
}

function actionValue(rows: Map<string, Row>, exportName: string): unknown {
  const resolveRow = (id: string): unknown => {
    const row = rows.get(id);
    if (!row) throw new Error(`${exportName}: the RSC answer has no row ${id}`);
    if (row.tag === "E") {
      const { digest } = JSON.parse(row.text) as { digest?: string };
      throw new Error(`${exportName} threw on the server (digest ${digest}); see the server logs`);
    }
    if (row.tag === "T") return row.text;
    if (row.tag !== "") throw new Error(`${exportName}: unsupported RSC row ${id}:${row.tag}`);
    return revive(JSON.parse(row.text));
  };
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
    }
    if (typeof value !== "string" || !value.startsWith("$")) return value;
    const rest = value.slice(1);
    if (rest.startsWith("$")) return rest;
    if (rest === "undefined") return undefined;
    if (rest === "NaN") return NaN;
    if (rest === "Infinity") return Infinity;
    if (rest === "-Infinity") return -Infinity;
    if (rest === "-0") return -0;
    if (rest.startsWith("D")) return new Date(rest.slice(1));
    if (rest.startsWith("n")) return BigInt(rest.slice(1));
    const reference = /^@?([0-9a-f]+)((?::[^:]+)*)$/.exec(rest);
    if (reference) {
      let target = resolveRow(reference[1]);
      for (const key of reference[2].split(":").slice(1)) target = (target as Record<string, unknown>)[key];
      return target;
    }
    throw new Error(`${exportName}: unsupported RSC value ${value}`);
  };

  // The root row holds the action's value under "a" (next to the build id and, after a redirect, the new page).
  const rootRow = rows.get("0");
  if (!rootRow || rootRow.tag !== "") return undefined;
  return revive((JSON.parse(rootRow.text) as { a?: unknown }).a);
}
