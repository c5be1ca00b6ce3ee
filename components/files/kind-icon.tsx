import { File, FileArchive, FileAudio, FileImage, FileText, FileType, FileVideo, type LucideIcon } from "lucide-react";
import type { FileKind } from "@/lib/files/file-kind";

const ICONS: Record<FileKind, LucideIcon> = {
  text: FileText,
  image: FileImage,
  pdf: FileType,
  audio: FileAudio,
  video: FileVideo,
  archive: FileArchive,
  document: FileText,
  other: File,
};

/** The icon of a kind of file; decorative, since the kind's label is always written next to it. */
export function KindIcon({ kind, className = "size-5" }: { kind: FileKind; className?: string }) {
  const Icon = ICONS[kind];
  return <Icon aria-hidden="true" focusable="false" className={`shrink-0 text-slate-500 ${className}`} data-kind={kind} />;
}
