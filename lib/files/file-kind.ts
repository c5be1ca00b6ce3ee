// What a file is, in a word or two, for lists and icons. The type Coffer detected from the content decides;
// text has no magic bytes (it is stored as application/octet-stream), so for it, and only then, the
// extension speaks. Safe for the browser: no server imports.
import { extensionOf } from "./display-name";

export type FileKind = "text" | "image" | "pdf" | "audio" | "video" | "archive" | "document" | "other";

export type KindOfFile = { kind: FileKind; label: string };

const UNDETECTED = "application/octet-stream";

// Exact detected types with a better name than their family's.
const BY_TYPE: Record<string, KindOfFile> = {
  "application/pdf": { kind: "pdf", label: "PDF" },
  "image/jpeg": { kind: "image", label: "JPEG image" },
  "image/png": { kind: "image", label: "PNG image" },
  "image/apng": { kind: "image", label: "PNG image" },
  "image/gif": { kind: "image", label: "GIF image" },
  "image/webp": { kind: "image", label: "WebP image" },
  "image/avif": { kind: "image", label: "AVIF image" },
  "image/heic": { kind: "image", label: "HEIC image" },
  "image/tiff": { kind: "image", label: "TIFF image" },
  "image/bmp": { kind: "image", label: "BMP image" },
  "audio/mpeg": { kind: "audio", label: "MP3 audio" },
  "audio/ogg": { kind: "audio", label: "Ogg audio" },
  "audio/opus": { kind: "audio", label: "Opus audio" },
  "audio/wav": { kind: "audio", label: "WAV audio" },
  "audio/x-wav": { kind: "audio", label: "WAV audio" },
  "audio/flac": { kind: "audio", label: "FLAC audio" },
  "audio/x-flac": { kind: "audio", label: "FLAC audio" },
  "audio/mp4": { kind: "audio", label: "M4A audio" },
  "audio/x-m4a": { kind: "audio", label: "M4A audio" },
  "video/mp4": { kind: "video", label: "MP4 video" },
  "video/webm": { kind: "video", label: "WebM video" },
  "video/ogg": { kind: "video", label: "Ogg video" },
  "video/quicktime": { kind: "video", label: "QuickTime video" },
  "application/zip": { kind: "archive", label: "ZIP archive" },
  "application/gzip": { kind: "archive", label: "Gzip archive" },
  "application/x-tar": { kind: "archive", label: "Tar archive" },
  "application/x-7z-compressed": { kind: "archive", label: "7-Zip archive" },
  "application/x-rar-compressed": { kind: "archive", label: "RAR archive" },
  "application/vnd.rar": { kind: "archive", label: "RAR archive" },
  "application/x-bzip2": { kind: "archive", label: "Bzip2 archive" },
  "application/x-xz": { kind: "archive", label: "XZ archive" },
  "application/zstd": { kind: "archive", label: "Zstandard archive" },
  "application/msword": { kind: "document", label: "Word document" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { kind: "document", label: "Word document" },
  "application/vnd.ms-excel": { kind: "document", label: "Spreadsheet" },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { kind: "document", label: "Spreadsheet" },
  "application/vnd.ms-powerpoint": { kind: "document", label: "Presentation" },
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": { kind: "document", label: "Presentation" },
  "application/vnd.oasis.opendocument.text": { kind: "document", label: "OpenDocument text" },
  "application/vnd.oasis.opendocument.spreadsheet": { kind: "document", label: "Spreadsheet" },
  "application/vnd.oasis.opendocument.presentation": { kind: "document", label: "Presentation" },
  "application/rtf": { kind: "document", label: "Rich text document" },
  "application/epub+zip": { kind: "document", label: "EPUB book" },
  "application/xml": { kind: "text", label: "XML" },
  "text/calendar": { kind: "text", label: "Calendar" },
  "text/vcard": { kind: "text", label: "Contact card" },
  "text/vtt": { kind: "text", label: "Subtitles" },
};

// Extensions of files without magic bytes: plain text of some sort, and the few formats that look like it.
const BY_EXTENSION: Record<string, KindOfFile> = {
  txt: { kind: "text", label: "Text" },
  text: { kind: "text", label: "Text" },
  log: { kind: "text", label: "Log" },
  md: { kind: "text", label: "Markdown" },
  markdown: { kind: "text", label: "Markdown" },
  csv: { kind: "text", label: "CSV" },
  tsv: { kind: "text", label: "TSV" },
  json: { kind: "text", label: "JSON" },
  xml: { kind: "text", label: "XML" },
  yaml: { kind: "text", label: "YAML" },
  yml: { kind: "text", label: "YAML" },
  toml: { kind: "text", label: "TOML" },
  ini: { kind: "text", label: "Settings" },
  conf: { kind: "text", label: "Settings" },
  srt: { kind: "text", label: "Subtitles" },
  vtt: { kind: "text", label: "Subtitles" },
  ics: { kind: "text", label: "Calendar" },
  vcf: { kind: "text", label: "Contact card" },
  js: { kind: "text", label: "Code" },
  mjs: { kind: "text", label: "Code" },
  ts: { kind: "text", label: "Code" },
  tsx: { kind: "text", label: "Code" },
  jsx: { kind: "text", label: "Code" },
  py: { kind: "text", label: "Code" },
  rb: { kind: "text", label: "Code" },
  go: { kind: "text", label: "Code" },
  rs: { kind: "text", label: "Code" },
  java: { kind: "text", label: "Code" },
  c: { kind: "text", label: "Code" },
  h: { kind: "text", label: "Code" },
  cpp: { kind: "text", label: "Code" },
  cs: { kind: "text", label: "Code" },
  css: { kind: "text", label: "Code" },
  sql: { kind: "text", label: "Code" },
  html: { kind: "document", label: "Web page" },
  htm: { kind: "document", label: "Web page" },
  xhtml: { kind: "document", label: "Web page" },
  svg: { kind: "image", label: "SVG image" },
};

const FAMILY: Record<string, KindOfFile> = {
  image: { kind: "image", label: "Image" },
  audio: { kind: "audio", label: "Audio" },
  video: { kind: "video", label: "Video" },
  text: { kind: "text", label: "Text" },
  font: { kind: "other", label: "Font" },
};

const OTHER: KindOfFile = { kind: "other", label: "File" };

export function fileKind(file: { mimeType: string; name: string }): KindOfFile {
  const type = file.mimeType.toLowerCase();
  if (type !== UNDETECTED) return BY_TYPE[type] ?? FAMILY[type.split("/")[0]] ?? OTHER;
  return BY_EXTENSION[extensionOf(file.name)] ?? OTHER;
}
