// POST /api/unsubscribe/[token] — RFC 8058 one-click unsubscribe: the address a notification's List-Unsubscribe
// header names. Mail clients post "List-Unsubscribe=One-Click" from their own servers, without cookies or an
// Origin, so the signed token is the whole authorisation; it can only turn its one kind of mail off.
import { unsubscribe } from "@/lib/notifications/unsubscribe";
import { errorResponse } from "@/lib/http/error-response";

export const dynamic = "force-dynamic";

export async function POST(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const done = await unsubscribe(token);
  if (!done) return errorResponse(404, "Not found.", { body: "text" });
  return new Response(`You will no longer get mail when: ${done.label}.`, {
    status: 200,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}
