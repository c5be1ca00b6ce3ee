// GET and HEAD /s/[token]/download — a public link's file. lib/links/begin-link-download.ts decides whether
// the visitor may have it, claims a slot or honours a resume grant; the transfer's end settles the limit.
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { withVisitor } from "@/lib/http/with-visitor";
import { serveFile } from "@/lib/http/download/serve-file";
import { requestedRange } from "@/lib/http/download/range";
import { etagOf } from "@/lib/http/download/headers";
import { beginLinkDownload } from "@/lib/links/begin-link-download";

export const dynamic = "force-dynamic";

const LINK_HEADERS = { "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow" };

export const GET = withVisitor<{ token: string }>(
  async (request, { address, params }) => {
    const jar = await cookies();
    const download = await beginLinkDownload({
      token: params.token,
      address,
      cookie: (name) => jar.get(name)?.value,
      method: request.method,
      // The range serveFile will send (an If-Range that no longer matches gets the whole file, which is no resume).
      range: (file) => {
        const asked = requestedRange(request.headers, Number(file.size), etagOf(file));
        return asked === "unsatisfiable" ? null : asked;
      },
    });
    // Relative: request.url carries the server's own name, not the one the visitor used.
    if (download.locked) return new Response(null, { status: 303, headers: { ...LINK_HEADERS, Location: `/s/${params.token}` } });
    if (download.grantCookie) {
      jar.set(download.grantCookie.name, download.grantCookie.value, {
        path: `/s/${params.token}`,
        httpOnly: true,
        sameSite: "lax",
        secure: env().secureCookies,
        maxAge: download.grantCookie.maxAge,
      });
    }
    return serveFile(request, download.file, {
      headers: LINK_HEADERS,
      scope: { fileId: download.file.id, ownerId: download.ownerId, linkId: download.linkId },
      stillAllowed: download.stillAllowed,
      onSettled: download.settle,
    });
  },
  { limit: "linkRequest", headers: LINK_HEADERS },
);

export const HEAD = GET;
