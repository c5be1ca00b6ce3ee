// Wraps a public route handler (a link's download): resolves the visitor's address, applies the
// per-address limit, and answers failures as plain text with the route's own headers.
import "server-only";
import { clientAddress, throttleKey } from "@/lib/client-address";
import { consume, tooManyAttempts, type LimitName } from "@/lib/rate-limit";
import { toErrorResponse } from "./error-response";

type Handler<P> = (request: Request, ctx: { address: string; params: P }) => Promise<Response>;

export function withVisitor<P>(handler: Handler<P>, opts: { limit: LimitName; headers?: Record<string, string> }) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const address = clientAddress(request.headers);
      const limit = await consume(opts.limit, throttleKey(address));
      if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);
      return await handler(request, { address, params: await context.params });
    } catch (error) {
      return toErrorResponse(error, request, { headers: opts.headers, body: "text" });
    }
  };
}
