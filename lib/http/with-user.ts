// Wraps a route handler for signed-in users: refuses cross-site requests that change state, resolves the
// user (401 without one), applies the per-user rate limit, and maps errors to statuses (error-response.ts).
import "server-only";
import { currentUser, type SessionUser } from "@/lib/auth/session";
import { consume, tooManyAttempts, type LimitName } from "@/lib/rate-limit";
import { noteRequestUser } from "@/lib/server-bridge";
import { errorResponse, toErrorResponse } from "./error-response";
import { isCrossSite } from "./same-origin";

type Handler<P> = (request: Request, ctx: { user: SessionUser; params: P }) => Promise<Response>;

export function withUser<P>(handler: Handler<P>, opts: { limit?: LimitName } = {}) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      if (request.method !== "GET" && request.method !== "HEAD" && isCrossSite(request)) {
        return errorResponse(403, "Cross-site requests are not allowed.");
      }
      const user = await currentUser();
      if (!user) return errorResponse(401, "Sign in to continue.");
      noteRequestUser(request.headers, user.id);
      const limit = await consume(opts.limit ?? "api", user.id);
      if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);
      return await handler(request, { user, params: await context.params });
    } catch (error) {
      return toErrorResponse(error, request);
    }
  };
}
