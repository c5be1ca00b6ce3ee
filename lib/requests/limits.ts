// A file request's limits: their defaults and bounds, and the types it takes ("allowed types": extensions and kinds).
// Safe for the browser: the owner's form shows the same defaults and parses the same way. docs/decisions/079.
import { extensionOf } from "@/lib/files/display-name";

const MiB = 1024 * 1024;

export const REQUEST_DEFAULTS = {
  /** Files one request takes, unless its owner says otherwise (at most MAX_FILES_LIMIT). */
  maxFiles: 10,
  /** Bytes one request takes in all: required, and modest by default so that a link cannot fill the owner's disk. */
  maxTotalBytes: 1024 * MiB,
  /** Days until a request expires (every request expires). */
  expiryDays: 7,
} as const;

export const MAX_FILES_LIMIT = 1000;
/** The latest a request may expire: a year from its creation. */
export const MAX_EXPIRY_DAYS = 366;

/** Kinds an owner may name instead of extensions; each is the extensions it stands for. */
export const REQUEST_KINDS = {
  images: ["jpg", "jpeg", "jfif", "png", "apng", "gif", "webp", "avif", "heic", "heif", "tif", "tiff", "bmp"],
  pdf: ["pdf"],
  documents: ["pdf", "doc", "docx", "odt", "rtf", "txt", "md", "xls", "xlsx", "ods", "csv", "ppt", "pptx", "odp", "epub"],
  audio: ["mp3", "m4a", "wav", "flac", "ogg", "opus", "aac"],
  video: ["mp4", "m4v", "mov", "webm", "mkv", "avi", "ogv"],
  archives: ["zip", "7z", "rar", "tar", "gz", "tgz", "bz2", "xz", "zst"],
  text: ["txt", "md", "csv", "json", "xml", "log"],
} as const satisfies Record<string, readonly string[]>;
export type RequestKind = keyof typeof REQUEST_KINDS;

const SINGULAR: Record<string, RequestKind> = {
  image: "images",
  document: "documents",
  archive: "archives",
  photos: "images",
  photo: "images",
};
const TOKEN = /^[a-z0-9]{1,16}$/;

/**
 * The owner's "allowed types" as the stored list (`images,pdf,raw`: kinds and extensions, lower-case, without dots,
 * each once), or null for any type. Answers an error message instead when an entry is not an extension or a kind.
 */
export function parseAllowedTypes(raw: string | undefined | null): { types: string | null } | { error: string } {
  const entries = (raw ?? "")
    .split(/[\s,;]+/)
    .map((entry) =>
      entry
        .trim()
        .toLowerCase()
        .replace(/^\*?\./, ""),
    )
    .filter(Boolean);
  if (entries.length === 0) return { types: null };
  const types: string[] = [];
  for (const entry of entries) {
    const kind = SINGULAR[entry] ?? entry;
    if (!TOKEN.test(kind)) return { error: `"${entry}" is not an extension (like pdf) or a kind (like images).` };
    if (!types.includes(kind)) types.push(kind);
  }
  if (types.length > 30) return { error: "Name at most 30 types." };
  return { types: types.join(",") };
}

/** The extensions a stored list stands for. */
function extensionsOf(types: string): Set<string> {
  return new Set(types.split(",").flatMap((type) => (type in REQUEST_KINDS ? [...REQUEST_KINDS[type as RequestKind]] : [type])));
}

/** Why a request that takes only `types` refuses a file named `name`, or null when it takes it. */
export function typeRefusal(name: string, types: string | null): string | null {
  if (!types) return null;
  const ext = extensionOf(name);
  if (ext && extensionsOf(types).has(ext)) return null;
  return `This request takes only ${describeTypes(types)}${ext ? `, not .${ext} files` : ""}.`;
}

/** "images, PDF and .raw files". */
export function describeTypes(types: string): string {
  const words = types.split(",").map((type) => (type === "pdf" ? "PDFs" : type in REQUEST_KINDS ? type : `.${type} files`));
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** What the file input may offer (`accept`): the extensions, with dots. */
export function acceptOf(types: string | null): string | undefined {
  return types ? [...extensionsOf(types)].map((ext) => `.${ext}`).join(",") : undefined;
}
