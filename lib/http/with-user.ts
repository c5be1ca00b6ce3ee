// Wraps a route handler: refuses cross-site requests that change state, resolves the signed-in user
// (401 without one), applies the per-user rate limit, and maps errors to statuses with a JSON message.
// Unknown errors are logged and answered with a generic 500.
import "server-only";
import { currentUser, type SessionUser } from "@/lib/auth/session";
import { logger } from "@/lib/logger";
import { UploadError } from "@/lib/files/upload-error";
import { HttpError } from "./errors";
import { isCrossSite } from "./same-origin";
import { logRoute } from "./log-route";
import { consume, retryMessage, type LimitName } from "@/lib/rate-limit";

type Handler<P> = (request: Request, ctx: { user: SessionUser; params: P }) => Promise<Response>;

export function jsonError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function toErrorResponse(error: unknown, request: Request): Response {
  if (error instanceof HttpError) return jsonError(error.status, error.message, error.headers);
  // A refused upload may leave unread body bytes on the connection: close it rather than reuse it.
  if (error instanceof UploadError) return jsonError(error.status, error.message, { Connection: "close" });
  logger.error({ err: error, method: request.method, route: logRoute(new URL(request.url).pathname) }, "route failed");
  return jsonError(500, "Something went wrong.");
}

export function withUser<P>(handler: Handler<P>, opts: { limit?: LimitName } = {}) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      if (request.method !== "GET" && request.method !== "HEAD" && isCrossSite(request)) {
        return jsonError(403, "Cross-site requests are not allowed.");
      }
      const user = await currentUser();
      if (!user) return jsonError(401, "Sign in to continue.");
      const limit = await consume(opts.limit ?? "api", user.id);
      if (!limit.ok) {
        return jsonError(429, retryMessage(limit.retryAfterSeconds), { "Retry-After": String(limit.retryAfterSeconds) });
      }
      return await handler(request, { user, params: await context.params });
    } catch (error) {
      return toErrorResponse(error, request);
    }
  };
}
