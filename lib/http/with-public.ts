// Wraps a route handler that answers anyone, on purpose: health checks, the tus capabilities (OPTIONS), one-click
// unsubscribe (its signed token is the whole authorisation). It decides no access; it maps failures to statuses
// like the other wrappers, and says in the code that the route is public (scripts/check-route-handlers.mjs).
import "server-only";
import { consume, tooManyAttempts, type LimitName } from "@/lib/rate-limit";
import { clientAddress, throttleKey } from "@/lib/client-address";
import { toErrorResponse, type ErrorBody } from "./error-response";

type Handler<P> = (request: Request, ctx: { params: P }) => Response | Promise<Response>;

export function withPublic<P>(handler: Handler<P>, opts: { limit?: LimitName; body?: ErrorBody; why: string }) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      if (opts.limit) {
        const limit = await consume(opts.limit, throttleKey(clientAddress(request.headers)));
        if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);
      }
      return await handler(request, { params: await (context?.params ?? Promise.resolve({} as P)) });
    } catch (error) {
      return toErrorResponse(error, request, { body: opts.body });
    }
  };
}
