"use client";
import { useState } from "react";
import { DownloadLink } from "@/components/ui/link-button";

/**
 * The visitor's Download button, with what is left of the link's limit. A download takes its slot when it starts
 * (lib/links/claim-download.ts), so the count goes down on the click, and after the last one the button turns into
 * "No downloads left" without a reload. The server decides for real: a stale page's click gets the polite 404.
 */
export function DownloadButton({ href, left: initiallyLeft }: { href: string; left: number | null }) {
  const [left, setLeft] = useState(initiallyLeft);
  if (left !== null && left <= 0) {
    return (
      <div className="flex flex-col gap-1 text-center" role="status">
        <span aria-disabled="true" className="rounded-md bg-slate-200 px-4 py-2 font-medium text-slate-600">
          No downloads left
        </span>
        <span className="text-xs text-slate-600">That was this link&apos;s last download.</span>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-1 text-center">
      <DownloadLink href={href} variant="primary" className="text-center" onClick={() => setLeft((n) => (n === null ? null : n - 1))}>
        Download
      </DownloadLink>
      {left !== null ? (
        <span className="text-xs text-slate-600" data-testid="downloads-left">
          {left === 1 ? "1 download left" : `${left} downloads left`}
        </span>
      ) : null}
    </div>
  );
}
