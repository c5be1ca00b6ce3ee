import type { ReactNode } from "react";
import { previewKind } from "@/lib/files/preview-kind";
import type { TextPreview } from "@/lib/files/text-preview";
import { DownloadLink } from "@/components/ui/link-button";
import { ImagePreview } from "./image-preview";
import { MarkdownText } from "./markdown-text";
import { PdfPreview } from "./pdf-preview";

export type PreviewFile = { name: string; mimeType: string };

/**
 * The preview of one file, chosen from its detected type (lib/files/preview-kind.ts): a server-rendered WebP for
 * images, Coffer's own PDF.js for PDF (it runs nothing in the document), the browser's players for audio and video
 * (from the preview route, with Range requests), the first 64 KiB as escaped text for plain text and Markdown, and for
 * everything else (HTML, SVG, unknown types) a download button, because nothing uploaded may render as a page on
 * Coffer's origin.
 */
export function FilePreview({
  file,
  previewUrl,
  downloadUrl,
  text,
  withDownload = true,
}: {
  file: PreviewFile;
  /** Where the preview route answers for this file (the owner's, or a link's). */
  previewUrl: string;
  /** The download the fallback button starts. */
  downloadUrl: string;
  /** What the server read of a text file; null when it turned out not to be text. */
  text?: TextPreview | null;
  /** Whether the fallback carries a download button (the link page has its own beside the preview). */
  withDownload?: boolean;
}) {
  const kind = previewKind(file);
  const download = withDownload ? <DownloadButton name={file.name} href={downloadUrl} /> : null;
  switch (kind) {
    case "image":
      return <ImagePreview src={previewUrl} name={file.name} fallback={download} />;
    case "pdf":
      return <PdfPreview src={previewUrl} name={file.name} fallback={download} />;
    case "audio":
      return (
        <audio controls preload="metadata" src={previewUrl} className="w-full" aria-label={`Play ${file.name}`} data-preview="audio">
          {download}
        </audio>
      );
    case "video":
      return (
        <video
          controls
          preload="metadata"
          src={previewUrl}
          className="max-h-[70vh] w-full rounded-lg bg-black"
          aria-label={`Play ${file.name}`}
          data-preview="video"
        >
          {download}
        </video>
      );
    case "text":
    case "markdown":
      if (!text) return <NoPreview>{download}</NoPreview>;
      return (
        <div className="flex flex-col gap-2">
          {kind === "markdown" ? (
            <MarkdownText source={text.text} />
          ) : (
            <pre
              tabIndex={0}
              aria-label={`Text of ${file.name}`}
              className="max-h-[70vh] overflow-auto whitespace-pre-wrap break-words rounded-lg bg-slate-100 p-4 font-mono text-xs leading-5"
              data-preview="text"
            >
              {text.text}
            </pre>
          )}
          {text.truncated ? <p className="text-xs text-slate-600">Only the first 64 KiB are shown.</p> : null}
        </div>
      );
    default:
      return <NoPreview>{download}</NoPreview>;
  }
}

function NoPreview({ children }: { children: ReactNode }) {
  return (
    <div className="flex flex-col items-start gap-3" data-preview="none">
      <p className="text-sm text-slate-600">There is no preview for this kind of file: download it to open it.</p>
      {children}
    </div>
  );
}

function DownloadButton({ name, href }: { name: string; href: string }) {
  return (
    <DownloadLink href={href} variant="primary" aria-label={`Download ${name}`}>
      Download
    </DownloadLink>
  );
}
