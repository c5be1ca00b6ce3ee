// Wraps a file request's upload routes (app/api/requests/[token]/uploads): the visitor's address, a 429 for an address
// that has spent its token guesses (proxy.ts does the same for pages, but never runs before /api), the per-address
// limit on upload requests, the same-origin check for what changes state, and the tus error answers.
import "server-only";
import { cookies } from "next/headers";
import { clientAddress, throttleKey } from "@/lib/client-address";
import { check, consume, tooManyAttempts } from "@/lib/rate-limit";
import { requestUnlockCookieName } from "@/lib/requests/unlock-cookie";
import type { RequestVisitor } from "@/lib/requests/visitor-uploads";
import { errorResponse, toErrorResponse } from "./error-response";
import { isCrossSite } from "./same-origin";
import { tusHeaders } from "./tus";

type Handler<P> = (request: Request, ctx: { visitor: RequestVisitor; params: P }) => Promise<Response>;

export function withRequestVisitor<P extends { token: string }>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      if (request.method !== "GET" && request.method !== "HEAD" && isCrossSite(request)) {
        return errorResponse(403, "Cross-site requests are not allowed.", { headers: tusHeaders() });
      }
      const address = clientAddress(request.headers);
      const guessing = await check("linkMiss", throttleKey(address));
      if (!guessing.ok) throw tooManyAttempts(guessing.retryAfterSeconds);
      const limit = await consume("requestUpload", throttleKey(address));
      if (!limit.ok) throw tooManyAttempts(limit.retryAfterSeconds);
      const params = await context.params;
      const jar = await cookies();
      const visitor: RequestVisitor = {
        token: params.token,
        address,
        unlockCookie: (id) => jar.get(requestUnlockCookieName(id, "uploads"))?.value,
      };
      return await handler(request, { visitor, params });
    } catch (error) {
      return toErrorResponse(error, request, { headers: tusHeaders() });
    }
  };
}
