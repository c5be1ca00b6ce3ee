// Serves a file's preview: a WebP rendered from an image, audio or video inline (through serveFile, so Range
// requests and seeking work), and a PDF's bytes for Coffer's own PDF.js on the page. Nothing else is ever answered
// inline: every response carries the detected type, nosniff and a sandboxing CSP that allows only what its element
// needs, so even a preview opened on its own as a page can run nothing. A PDF is never answered inline, and not at all
// to a navigation or a frame: the browser's own PDF viewer runs the document's JavaScript, which no CSP reaches
// (docs/decisions/026). A preview never counts as a download and never enters the activity: nothing here settles a
// transfer.
import "server-only";
import { create as contentDisposition } from "content-disposition";
import { notFound } from "@/lib/errors";
import type { ServableFile } from "@/lib/files/access";
import { imagePreview } from "@/lib/files/image-preview";
import { previewKind } from "@/lib/files/preview-kind";
import type { PreviewVariant } from "@/lib/files/preview-cache";
import { CONTENT_LENGTH_HEADER } from "@/lib/server-bridge";
import type { TransferScope } from "@/lib/running-transfers";
import { serveFile } from "./download/serve-file";

const NO_PREVIEW = "This file has no preview.";

/** The CSP of each inline preview: nothing is allowed but the one thing its viewer loads, and it is sandboxed. */
export const PREVIEW_CSP = {
  image: "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'",
  audio: "default-src 'none'; media-src 'self'; sandbox; frame-ancestors 'none'",
  video: "default-src 'none'; media-src 'self'; sandbox; frame-ancestors 'none'",
} as const;

/** Whether the browser asks for the response as something it will show (a page, a frame, an embed), not for a script. */
function shownByTheBrowser(request: Request): boolean {
  const destination = request.headers.get("sec-fetch-dest");
  return destination !== null && destination !== "empty";
}

export type PreviewOptions = {
  variant: PreviewVariant;
  headers?: Record<string, string>;
  /** What allowed the preview, as for a download: losing it ends a video or PDF under way. */
  scope: TransferScope;
  stillAllowed?: () => Promise<boolean>;
};

export async function servePreview(request: Request, file: ServableFile, opts: PreviewOptions): Promise<Response> {
  const kind = previewKind(file);
  if (kind === "image") return serveImagePreview(request, file, opts);
  if (opts.variant === "thumbnail" || (kind !== "pdf" && kind !== "audio" && kind !== "video")) throw notFound(NO_PREVIEW);
  // PDF.js fetches it (Sec-Fetch-Dest: empty); as an attachment, a browser that sends no Sec-Fetch-Dest saves it.
  if (kind === "pdf" && shownByTheBrowser(request)) throw notFound(NO_PREVIEW);
  return serveFile(request, file, {
    inline: kind === "pdf" ? undefined : { contentSecurityPolicy: PREVIEW_CSP[kind] },
    headers: opts.headers,
    scope: opts.scope,
    stillAllowed: opts.stillAllowed,
  });
}

async function serveImagePreview(
  request: Request,
  file: ServableFile,
  opts: { variant: PreviewVariant; headers?: Record<string, string>; scope: TransferScope },
) {
  // A rendering of these bytes at this size: it changes only when the renderer does (v1).
  const etag = `"${file.sha256.slice(0, 24)}-${opts.variant}-v1"`;
  const headers = new Headers({
    "Content-Type": "image/webp",
    "Content-Disposition": contentDisposition(`${file.name}.webp`, { type: "inline" }),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": PREVIEW_CSP.image,
    "Cache-Control": "private, no-cache",
    ETag: etag,
    ...opts.headers,
  });
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  const webp = await imagePreview(file, opts.variant, { ownerId: opts.scope.ownerId });
  if (!webp) throw notFound(NO_PREVIEW);
  headers.set("Content-Length", String(webp.length));
  headers.set(CONTENT_LENGTH_HEADER, String(webp.length));
  return new Response(request.method === "HEAD" ? null : new Uint8Array(webp), { status: 200, headers });
}
