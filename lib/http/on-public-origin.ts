// Auth.js builds its redirects and its callback-url cookie from the request's URL, and a route handler's
// request.url carries the server's own name (http://localhost:<port>), not the one the visitor used. This
// hands Auth.js the request under the public origin (APP_URL) and turns every same-site Location it answers
// with into a relative one, so no redirect sends a visitor to a name that only works on the server itself.
import "server-only";
import { NextRequest } from "next/server";
import { env } from "@/lib/env";
import { sameSitePath } from "@/lib/auth/redirect-target";

type Handler = (request: NextRequest) => Promise<Response>;

export function onPublicOrigin(handler: Handler): Handler {
  return async (request) => {
    const origin = env().APP_URL;
    const { pathname, search } = request.nextUrl;
    const response = await handler(new NextRequest(new URL(`${pathname}${search}`, origin), request));
    const location = response.headers.get("location");
    const relative = location === null ? null : sameSitePath(location, origin);
    if (relative === null || relative === location) return response;
    // Redirect responses have immutable headers: answer with a copy.
    const copy = new Response(response.body, response);
    copy.headers.set("location", relative);
    return copy;
  };
}
