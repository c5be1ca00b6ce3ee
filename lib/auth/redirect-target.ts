// Where Auth.js may send a browser after signing in or out, and what it keeps in its callback-url cookie.
// Auth.js hands over the target it was given (a path, the Referer) and the origin it believes it runs at,
// which for a server action comes from the request's Host header. Only targets on the site are kept, and
// as paths: a relative redirect reaches the visitor under whatever name they used, and never a name that
// only the server or a forged Host header knows.
import "server-only";
import { env } from "@/lib/env";

/** The path, query and fragment of `target` when it points at `origin`; otherwise null. */
export function sameSitePath(target: string, origin: string): string | null {
  let url: URL;
  try {
    url = new URL(target, origin);
  } catch {
    return null;
  }
  return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : null;
}

/** Auth.js's `redirect` callback: a same-site target as a relative path, anything else the home page. */
export function redirectTarget({ url, baseUrl }: { url: string; baseUrl: string }): string {
  return sameSitePath(url, baseUrl) ?? sameSitePath(url, env().APP_URL) ?? "/";
}
