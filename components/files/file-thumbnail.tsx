"use client";
import { useState } from "react";
import type { FileKind } from "@/lib/files/file-kind";
import { KindIcon } from "./kind-icon";

/**
 * A file's square thumbnail in a list: the server's WebP rendering for images, the kind's icon for everything
 * else and for an image the server could not render. Decorative: the file's name is beside it.
 */
export function FileThumbnail({ fileId, kind }: { fileId: string; kind: FileKind }) {
  const [failed, setFailed] = useState(false);
  if (kind !== "image" || failed) {
    return (
      <span className="flex size-10 shrink-0 items-center justify-center rounded-md bg-slate-100">
        <KindIcon kind={kind} />
      </span>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a private, already-sized WebP: next/image would only proxy it
    <img
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
