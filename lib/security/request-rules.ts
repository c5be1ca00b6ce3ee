// What server.ts refuses before Next.js sees a request, each with the status a client can act on: a request line that
// is not a path (absolute form would make Next.js redirect to the host it names), methods Coffer does not serve (405,
// where Next.js answered TRACE with a 500 and a stack trace, PUT or PROPFIND on a page with the page), and bodies that
// only transfers may send (413 over ACTION_BODY_LIMIT, where an action answered 500; 411 for a body of unknown length).
// Transfers (uploads) have rules of their own: the 16 KiB-per-minute floor in lib/files, their size limits.
// Plain data and small functions, so that server.ts can use them; docs/decisions/044.

/** Next.js's `experimental.serverActions.bodySizeLimit` ("1mb" in next.config.mjs, which a unit test compares). */
export const ACTION_BODY_LIMIT = 1024 * 1024;

/**
 * Requests whose bodies are transfers: POST /api/files and /api/v1/files (uploads), and a resumable upload's creation
 * (which may carry its first bytes) and PATCHes (lib/http/tus.ts), the owner's and a file request's visitors'.
 */
const UPLOAD_PATHS = new Set(["/api/files", "/api/files/", "/api/v1/files", "/api/v1/files/", "/api/uploads", "/api/uploads/"]);

export function isTransfer(method: string, pathname: string): boolean {
  if (method === "POST") return UPLOAD_PATHS.has(pathname) || /^\/api\/requests\/[^/]+\/uploads\/?$/.test(pathname);
  return method === "PATCH" && (/^\/api\/uploads\/[^/]+$/.test(pathname) || /^\/api\/requests\/[^/]+\/uploads\/[^/]+$/.test(pathname));
}

const PAGE_METHODS = new Set(["GET", "HEAD", "POST", "OPTIONS"]);
// Route handlers answer 405 themselves for what they do not export; these reach them.
const ROUTE_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
export const PAGE_ALLOW = "GET, HEAD, POST, OPTIONS";

export type Refusal = { status: 204 | 400 | 405 | 411 | 413; message: string; allow?: string };

type Request = { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };

/**
 * Next.js forwards an action posted to a page that does not hold it to the page that does, by posting it to its own
 * server with a streamed body (no Content-Length); Next.js's own body limit still applies to it.
 */
const isForwardedAction = (request: Request, fromLoopback: boolean) => fromLoopback && request.headers["x-action-forwarded"] !== undefined;

export function refusal(request: Request, opts: { fromLoopback: boolean } = { fromLoopback: false }): Refusal | null {
  const method = request.method ?? "GET";
  const url = request.url ?? "/";
  if (url === "*") return method === "OPTIONS" ? { status: 204, message: "", allow: PAGE_ALLOW } : { status: 400, message: "Bad request." };
  if (!url.startsWith("/")) return { status: 400, message: "Bad request: the request target must be a path." };
  const pathname = url.split("?")[0];
  const route = pathname === "/api" || pathname.startsWith("/api/");
  if (!(route ? ROUTE_METHODS : PAGE_METHODS).has(method)) return { status: 405, message: "Method not allowed.", allow: PAGE_ALLOW };
  if (method === "OPTIONS" && !route) return { status: 204, message: "", allow: PAGE_ALLOW };
  if (isTransfer(method, pathname)) return null;
  const length = request.headers["content-length"];
  if (length === undefined && request.headers["transfer-encoding"] !== undefined && !isForwardedAction(request, opts.fromLoopback)) {
    return { status: 411, message: "A request body needs a Content-Length." };
  }
  if (Number(length) > ACTION_BODY_LIMIT) return { status: 413, message: "The request body is too large." };
  return null;
}

/** Whether a request that was let through brings a body to wait for. */
export function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return Number(headers["content-length"] ?? 0) > 0 || headers["transfer-encoding"] !== undefined;
}
