"use client";
import { useState, type ReactNode } from "react";

/** The server's WebP rendering of an image; if it has none (too large, undecodable), the fallback instead. */
export function ImagePreview({ src, name, fallback }: { src: string; name: string; fallback: ReactNode }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <div className="flex flex-col items-start gap-3" data-preview="none">
        <p className="text-sm text-slate-600">This image cannot be previewed. Download it to open it.</p>
        {fallback}
      </div>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a private WebP rendered for this page: next/image would only proxy it
    <img
      src={src}
      alt={`Preview of ${name}`}
      onError={() => setFailed(true)}
      className="mx-auto max-h-[70vh] w-auto max-w-full rounded-lg border border-slate-200 bg-white object-contain"
      data-preview="image"
    />
  );
}
