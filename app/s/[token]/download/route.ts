// GET and HEAD /s/[token]/download — a public link's file. lib/links/begin-link-download.ts decides
// whether the visitor may have it and claims a slot; the transfer's end counts it or gives it back.
import { cookies } from "next/headers";
import { withVisitor } from "@/lib/http/with-visitor";
import { serveFile } from "@/lib/http/download/serve-file";
import { beginLinkDownload } from "@/lib/links/begin-link-download";
import { unlockCookieName } from "@/lib/links/unlock-cookie";

export const dynamic = "force-dynamic";

const LINK_HEADERS = { "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow" };

export const GET = withVisitor<{ token: string }>(
  async (request, { address, params }) => {
    const jar = await cookies();
    const download = await beginLinkDownload({
      token: params.token,
      address,
      unlockCookie: (linkId) => jar.get(unlockCookieName(linkId))?.value,
      claim: request.method === "GET",
    });
    if (download.locked) return Response.redirect(new URL(`/s/${params.token}`, request.url), 303);
    return serveFile(request, download.file, { headers: LINK_HEADERS, onSettled: download.settle });
  },
  { limit: "linkRequest", headers: LINK_HEADERS },
);

export const HEAD = GET;
