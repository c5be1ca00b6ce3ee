// POST /api/unsubscribe/[token] — RFC 8058 one-click unsubscribe: the address a notification's List-Unsubscribe
// header names. Mail clients post "List-Unsubscribe=One-Click" from their own servers, without cookies or an
// Origin, so the signed token is the whole authorisation; it can only turn its one kind of mail off.
import { unsubscribe } from "@/lib/notifications/unsubscribe";
import { errorResponse } from "@/lib/http/error-response";
import { withPublic } from "@/lib/http/with-public";

export const dynamic = "force-dynamic";

export const POST = withPublic<{ token: string }>(
  async (_request, { params }) => {
    const done = await unsubscribe(params.token);
    if (!done) return errorResponse(404, "Not found.", { body: "text" });
    return new Response(`You will no longer get mail when: ${done.label}.`, {
      status: 200,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
    });
  },
  { body: "text", why: "mail clients post it from their own servers, without cookies: the signed token is the authorisation" },
);
