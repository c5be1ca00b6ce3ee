// What an upload's name and content may claim. The detected type is what Coffer stores and serves;
// a name that promises a well-known binary format must be backed by that format's magic bytes,
// so an HTML or SVG page or a script cannot pass as an image.
import { extensionOf } from "./display-name";

// Extension claimed → extensions file-type may detect for it.
const MUST_MATCH: Record<string, string[]> = {
  png: ["png", "apng"],
  apng: ["png", "apng"],
  jpg: ["jpg"],
  jpeg: ["jpg"],
  jfif: ["jpg"],
  gif: ["gif"],
  webp: ["webp"],
  bmp: ["bmp"],
  ico: ["ico", "cur"],
  tif: ["tif"],
  tiff: ["tif"],
  avif: ["avif"],
  heic: ["heic"],
  pdf: ["pdf"],
  zip: ["zip"],
  gz: ["gz"],
  "7z": ["7z"],
  rar: ["rar"],
  mp3: ["mp3"],
  mp4: ["mp4", "m4v", "m4a", "mov", "3gp"],
  m4a: ["m4a", "mp4"],
  mov: ["mov", "mp4"],
  webm: ["webm"],
  ogg: ["ogg", "oga", "ogv", "opus"],
  wav: ["wav"],
  flac: ["flac"],
};

export function blockedExtensionReason(name: string, blocked: Set<string>): string | null {
  const ext = extensionOf(name);
  return ext && blocked.has(ext) ? `Files of type .${ext} are not accepted on this server.` : null;
}

export function contentMismatchReason(name: string, detectedExt: string | undefined): string | null {
  const claimed = extensionOf(name);
  const allowed = MUST_MATCH[claimed];
  if (!allowed) return null;
  if (detectedExt && allowed.includes(detectedExt)) return null;
  return `The content of "${name}" is not a .${claimed} file${detectedExt ? ` (it looks like .${detectedExt})` : ""}.`;
}
