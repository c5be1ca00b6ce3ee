// The headers every file download carries: an attachment (or, for previews of the few kinds a browser may show
// inline, an inline response under a CSP of its own), never sniffed, never rendered as a page.
import { create as contentDisposition } from "content-disposition";
import type { ServableFile } from "@/lib/files/access";

export const etagOf = (file: Pick<ServableFile, "sha256">) => `"${file.sha256.slice(0, 32)}"`;

export function downloadHeaders(
  file: ServableFile,
  extra: Record<string, string> = {},
  inline?: { contentSecurityPolicy: string },
): Headers {
  return new Headers({
    "Content-Type": file.mimeType,
    "Content-Disposition": contentDisposition(file.name, { type: inline ? "inline" : "attachment" }),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": inline?.contentSecurityPolicy ?? "sandbox",
    // no-transform also keeps the server from compressing the bytes (and breaking Content-Length).
    "Cache-Control": "private, no-store, no-transform",
    "Accept-Ranges": "bytes",
    ETag: etagOf(file),
    ...extra,
  });
}
