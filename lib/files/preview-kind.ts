// Which preview a file gets. Only the type Coffer detected from the content opens an inline preview (a
// WebP rendered from an image, a PDF, audio or video played by the browser); text has no magic bytes, so
// plain text and Markdown go by their extension, and they are shown as escaped text, never as markup.
// HTML, SVG and anything unknown get none: their preview is a download button. Safe for the browser.
import { extensionOf } from "./display-name";

export type PreviewKind = "image" | "pdf" | "audio" | "video" | "text" | "markdown" | "none";

/** Images that sharp renders as WebP thumbnails and previews. */
export const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/apng", "image/webp", "image/gif", "image/avif"]);
/** Media a browser plays from Range requests with an <audio> or <video> element. */
export const AUDIO_TYPES = new Set(["audio/mpeg", "audio/ogg", "audio/opus", "audio/wav", "audio/x-wav", "audio/flac", "audio/x-flac"]);
export const VIDEO_TYPES = new Set(["video/mp4", "video/webm", "video/ogg"]);

const TEXT_EXTENSIONS = new Set([
  "txt",
  "text",
  "log",
  "csv",
  "tsv",
  "json",
  "yaml",
  "yml",
  "toml",
  "ini",
  "conf",
  "srt",
  "vtt",
  "js",
  "mjs",
  "ts",
  "tsx",
  "jsx",
  "py",
  "rb",
  "go",
  "rs",
  "java",
  "c",
  "h",
  "cpp",
  "cs",
  "css",
  "sql",
]);
const MARKDOWN_EXTENSIONS = new Set(["md", "markdown"]);

export function previewKind(file: { mimeType: string; name: string }): PreviewKind {
  const type = file.mimeType.toLowerCase();
  if (IMAGE_TYPES.has(type)) return "image";
  if (type === "application/pdf") return "pdf";
  if (AUDIO_TYPES.has(type)) return "audio";
  if (VIDEO_TYPES.has(type)) return "video";
  const ext = extensionOf(file.name);
  // XML is text, shown escaped; an SVG is XML too, but it is an image that may carry script: no preview.
  if (type === "application/xml") return ext === "svg" || ext === "svgz" ? "none" : "text";
  // Anything else with magic bytes of its own is not text, whatever its name says.
  if (type !== "application/octet-stream") return "none";
  if (MARKDOWN_EXTENSIONS.has(ext)) return "markdown";
  if (TEXT_EXTENSIONS.has(ext)) return "text";
  return "none";
}

/** Previews the browser fetches from a preview route (the others are rendered into the page). */
export const servedInline = (kind: PreviewKind) => kind === "image" || kind === "pdf" || kind === "audio" || kind === "video";
