"use client";
import { useState } from "react";
import type { FileKind } from "@/lib/files/file-kind";
import { IMAGE_TYPES } from "@/lib/files/preview-kind";
import { KindIcon } from "./kind-icon";

/**
 * A file's square thumbnail in a list: the server's WebP rendering for the images it renders (lib/files/preview-kind.ts),
 * the kind's icon for everything else (an SVG, a HEIC or TIFF image) and for an image the server could not render.
 * An image that failed before React hydrated never fires onError for us: the ref catches that case, so a broken
 * image is never left on screen. Decorative: the file's name is beside it.
 */
export function FileThumbnail({ fileId, kind, mimeType }: { fileId: string; kind: FileKind; mimeType?: string }) {
  const [failed, setFailed] = useState(false);
  const rendered = kind === "image" && (mimeType === undefined || IMAGE_TYPES.has(mimeType.toLowerCase()));
  if (!rendered || failed) {
    return (
      <span className="flex size-10 shrink-0 items-center justify-center rounded-md bg-slate-100" data-testid="file-kind-icon">
        <KindIcon kind={kind} />
      </span>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a private, already-sized WebP: next/image would only proxy it
    <img
      ref={(img) => {
        // currentSrc is empty while a lazy image waits to be fetched: only a fetched, broken one counts.
        if (img?.complete && img.currentSrc && img.naturalWidth === 0) setFailed(true);
      }}
      src={`/api/files/${fileId}/thumbnail`}
      alt=""
      width={40}
      height={40}
      loading="lazy"
      decoding="async"
      onError={() => setFailed(true)}
      className="size-10 shrink-0 rounded-md bg-slate-100 object-cover"
      data-testid="file-thumbnail"
    />
  );
}
