// The headers every file download carries: always an attachment, never sniffed, never rendered.
import { create as contentDisposition } from "content-disposition";
import type { ServableFile } from "@/lib/files/access";

export const etagOf = (file: Pick<ServableFile, "sha256">) => `"${file.sha256.slice(0, 32)}"`;

export function downloadHeaders(file: ServableFile, extra: Record<string, string> = {}): Headers {
  return new Headers({
    "Content-Type": file.mimeType,
    "Content-Disposition": contentDisposition(file.name, { type: "attachment" }),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
    // no-transform also keeps the server from compressing the bytes (and breaking Content-Length).
    "Cache-Control": "private, no-store, no-transform",
    "Accept-Ranges": "bytes",
    ETag: etagOf(file),
    ...extra,
  });
}
