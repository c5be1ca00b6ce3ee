// How a route handler answers a failure: an AppError with its status (APP_ERROR_STATUS) and its message,
// anything else with a logged, generic 500. Three body shapes: the web UI's `{ error: message }` ("json"), plain
// text, and /api/v1's `{ error: { code, message, fieldErrors?, retryAfterSeconds? } }` ("api", lib/api/error-codes.ts).
import "server-only";
import { AppError, type AppErrorCode, type FieldErrors } from "@/lib/errors";
import { API_ERROR_CODES } from "@/lib/api/error-codes";
import { logger, logRoute } from "@/lib/logger";

export type ErrorBody = "json" | "text" | "api";

type ErrorOptions = {
  headers?: Record<string, string>;
  body?: ErrorBody;
  /** For the "api" body: the refusal's code (a generic one for the status otherwise), its field errors and wait. */
  code?: AppErrorCode;
  fieldErrors?: FieldErrors;
  retryAfterSeconds?: number;
};

const CODE_FOR_STATUS: Record<number, AppErrorCode> = { 400: "invalid", 401: "unauthenticated", 403: "forbidden", 404: "not_found" };

export function errorResponse(status: number, message: string, opts: ErrorOptions = {}): Response {
  const headers = { "Cache-Control": "no-store", ...opts.headers };
  if (opts.body === "text") {
    return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
  }
  if (opts.body === "api") {
    const code = API_ERROR_CODES[opts.code ?? CODE_FOR_STATUS[status] ?? "internal"];
    const error = {
      code,
      message,
      ...(opts.fieldErrors ? { fieldErrors: opts.fieldErrors } : {}),
      ...(opts.retryAfterSeconds !== undefined ? { retryAfterSeconds: opts.retryAfterSeconds } : {}),
    };
    return Response.json({ error }, { status, headers });
  }
  return Response.json({ error: message }, { status, headers });
}

export function toErrorResponse(error: unknown, request: Request, opts: Pick<ErrorOptions, "headers" | "body"> = {}): Response {
  if (error instanceof AppError) {
    const headers: Record<string, string> = { ...opts.headers };
    if (error.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.retryAfterSeconds);
    // A refused request may leave unread body bytes on the connection: close it rather than reuse it.
    if (request.method !== "GET" && request.method !== "HEAD") headers.Connection = "close";
    return errorResponse(error.status, error.message, {
      ...opts,
      headers,
      code: error.code,
      fieldErrors: error.fieldErrors,
      retryAfterSeconds: error.retryAfterSeconds,
    });
  }
  logger.error({ err: error, method: request.method, route: logRoute(new URL(request.url).pathname) }, "route failed");
  return errorResponse(500, "Something went wrong.", { ...opts, code: "internal" });
}
