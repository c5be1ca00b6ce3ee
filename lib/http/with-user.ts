// Wraps a route handler for signed-in users, through a browser's session or a personal access token
// (lib/auth/principal.ts): refuses cross-site requests that change state (a session's; a bearer request carries
// no cookie a site could ride on), resolves the principal (401 without one), checks the token's scopes (403), applies
// the rate limit per user (a session) or per token, and maps errors to statuses (error-response.ts). Every route
// handler goes through withUser, withVisitor or withPublic (scripts/check-route-handlers.mjs).
import "server-only";
import { allows, authenticate, type Principal, type PrincipalUser } from "@/lib/auth/principal";
import type { Scope } from "@/lib/api-tokens/scopes";
import { consume, tooManyAttempts, type LimitName } from "@/lib/rate-limit";
import { noteRequestUser } from "@/lib/server-bridge";
import { errorResponse, toErrorResponse } from "./error-response";
import { isCrossSite } from "./same-origin";

type Handler<P> = (request: Request, ctx: { user: PrincipalUser; principal: Principal; params: P }) => Promise<Response>;

export type UserRouteOptions = {
  /** What a token must have been given to call the route; "session" for routes only a browser's session may call. */
  scopes: readonly Scope[] | "session";
  limit?: LimitName;
  /** The shape of error bodies: the web UI's `{ error: message }` (the default), or /api/v1's (error-response.ts). */
  body?: "json" | "api";
};

export function withUser<P>(handler: Handler<P>, opts: UserRouteOptions) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const body = opts.body ?? "json";
    try {
      const bearer = request.headers.has("authorization");
      if (!bearer && request.method !== "GET" && request.method !== "HEAD" && isCrossSite(request)) {
        return errorResponse(403, "Cross-site requests are not allowed.", { body });
      }
      const principal = await authenticate(request);
      if (!principal) {
        return bearer
          ? errorResponse(401, "The token is not valid.", { body, headers: { "WWW-Authenticate": 'Bearer realm="coffer"' } })
          : errorResponse(401, "Sign in to continue.", { body });
      }
      if (principal.kind === "token" && (opts.scopes === "session" || !allows(principal, opts.scopes))) {
        const needed = opts.scopes === "session" ? "a signed-in browser" : `the scope ${opts.scopes.join(" and ")}`;
        return errorResponse(403, `This needs ${needed}, which this token was not given.`, { body });
      }
      noteRequestUser(request.headers, principal.user.id);
      const key = principal.kind === "token" ? `token:${principal.tokenId}` : principal.user.id;
      const limit = await consume(opts.limit ?? "api", key);
      if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);
      return await handler(request, { user: principal.user, principal, params: await context.params });
    } catch (error) {
      return toErrorResponse(error, request, { body });
    }
  };
}
