// How a route handler answers a failure: an AppError with its status (APP_ERROR_STATUS) and its message,
// anything else with a logged, generic 500.
import "server-only";
import { AppError } from "@/lib/errors";
import { logger, logRoute } from "@/lib/logger";

export type ErrorBody = "json" | "text";

export function errorResponse(
  status: number,
  message: string,
  opts: { headers?: Record<string, string>; body?: ErrorBody } = {},
): Response {
  const headers = { "Cache-Control": "no-store", ...opts.headers };
  if (opts.body === "text") {
    return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
  }
  return Response.json({ error: message }, { status, headers });
}

export function toErrorResponse(
  error: unknown,
  request: Request,
  opts: { headers?: Record<string, string>; body?: ErrorBody } = {},
): Response {
  if (error instanceof AppError) {
    const headers: Record<string, string> = { ...opts.headers };
    if (error.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.retryAfterSeconds);
    // A refused request may leave unread body bytes on the connection: close it rather than reuse it.
    if (request.method !== "GET" && request.method !== "HEAD") headers.Connection = "close";
    return errorResponse(error.status, error.message, { ...opts, headers });
  }
  logger.error({ err: error, method: request.method, route: logRoute(new URL(request.url).pathname) }, "route failed");
  return errorResponse(500, "Something went wrong.", opts);
}
