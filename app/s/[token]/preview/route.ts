// GET and HEAD /s/[token]/preview — the preview on a link's page, for links without a download limit
// (lib/links/find-previewable-link.ts). Not a download: the link's counts and the activity never see it.
import { cookies } from "next/headers";
import { withVisitor } from "@/lib/http/with-visitor";
import { servePreview } from "@/lib/http/serve-preview";
import { findPreviewableLink } from "@/lib/links/find-previewable-link";
import { unlockCookieName } from "@/lib/links/unlock-cookie";

export const dynamic = "force-dynamic";

const LINK_HEADERS = { "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow" };

export const GET = withVisitor<{ token: string }>(
  async (request, { address, params }) => {
    const jar = await cookies();
    const { file, linkId, ownerId, stillAllowed } = await findPreviewableLink({
      token: params.token,
      address,
      unlockCookie: (linkId) => jar.get(unlockCookieName(linkId))?.value,
    });
    return servePreview(request, file, {
      variant: "large",
      headers: LINK_HEADERS,
      scope: { fileId: file.id, ownerId, linkId },
      stillAllowed,
    });
  },
  { limit: "linkRequest", headers: LINK_HEADERS },
);

export const HEAD = GET;
