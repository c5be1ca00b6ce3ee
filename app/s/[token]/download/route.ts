// GET and HEAD /s/[token]/download — a public link's file. Each completed transfer counts once
// against the link's limit; an aborted one gives its slot back.
import { cookies } from "next/headers";
import { clientAddress, throttleKey, truncateAddress } from "@/lib/client-address";
import { consume, retryMessage } from "@/lib/rate-limit";
import { findAvailableLink } from "@/lib/links/find-available-link";
import { claimDownloadSlot, completeDownload, releaseDownloadSlot } from "@/lib/links/claim-download";
import { isUnlocked, unlockCookieName } from "@/lib/links/unlock-cookie";
import { linkName } from "@/lib/links/create-link";
import { recordActivity } from "@/lib/activity/record-activity";
import { streamFile } from "@/lib/files/stream-file";
import { toErrorResponse } from "@/lib/http/with-user";

export const dynamic = "force-dynamic";

const LINK_HEADERS = { "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow" };

function notAvailable(): Response {
  return new Response("This link is not available.", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...LINK_HEADERS },
  });
}

function tooManyRequests(retryAfterSeconds: number): Response {
  return new Response(retryMessage(retryAfterSeconds), {
    status: 429,
    headers: { "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store", ...LINK_HEADERS },
  });
}

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  try {
    const { token } = await params;
    const address = clientAddress(request.headers);
    const limit = await consume("linkRequest", throttleKey(address));
    if (!limit.ok) return tooManyRequests(limit.retryAfterSeconds);
    const link = await findAvailableLink(token);
    if (!link) {
      const miss = await consume("linkMiss", throttleKey(address));
      return miss.ok ? notAvailable() : tooManyRequests(miss.retryAfterSeconds);
    }
    if (link.passwordHash && !isUnlocked(link.id, (await cookies()).get(unlockCookieName(link.id))?.value)) {
      return Response.redirect(new URL(`/s/${token}`, request.url), 303);
    }
    if (request.method === "HEAD") return streamFile(request, link.file, { headers: LINK_HEADERS });
    if (!(await claimDownloadSlot(link.id))) return notAvailable();
    return await streamFile(request, link.file, {
      headers: LINK_HEADERS,
      onComplete: async () => {
        const counts = await completeDownload(link.id);
        const of = counts.maxDownloads === null ? `${counts.downloadCount}` : `${counts.downloadCount} of ${counts.maxDownloads}`;
        await recordActivity({
          fileId: link.file.id,
          kind: "download.link",
          subject: `${linkName(link)} was downloaded (${of})`,
          linkId: link.id,
          address: truncateAddress(address),
        });
      },
      onAbort: () => releaseDownloadSlot(link.id),
    });
  } catch (error) {
    return toErrorResponse(error, request);
  }
}

export const HEAD = GET;
