"use client";
import { useId, useState } from "react";
import { toast } from "sonner";
import { toastError } from "@/components/ui/toast-error";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useQrCode } from "./use-qr-code";

/** Copies a link's URL to the clipboard, with a toast for either outcome. */
export async function copyLinkUrl(url: string) {
  try {
    await navigator.clipboard.writeText(url);
    toast.success("Link copied to the clipboard.");
  } catch {
    toastError("Could not copy: select the link and copy it by hand.");
  }
}

/**
 * "Copy link" and "QR code" for a working link its owner made, at any time (the token is kept sealed, docs/decisions
 * 056). The QR code opens in a dialog with the URL written out, which can also be selected by hand.
 */
export function CopyLink({ url, name }: { url: string; name: string }) {
  const [showing, setShowing] = useState(false);
  return (
    <>
      <Button variant="ghost" className="px-3 py-1.5" aria-label={`Copy link ${name}`} onClick={() => copyLinkUrl(url)}>
        Copy link
      </Button>
      <Button variant="ghost" className="px-3 py-1.5" aria-label={`Show the QR code of link ${name}`} onClick={() => setShowing(true)}>
        QR code
      </Button>
      <Dialog open={showing} onClose={() => setShowing(false)} title={`Link ${name}`}>
        <LinkQrCode url={url} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => copyLinkUrl(url)}>
            Copy link
          </Button>
          <Button onClick={() => setShowing(false)} autoFocus>
            Close
          </Button>
        </div>
      </Dialog>
    </>
  );
}

/** The URL, selectable, and its QR code. */
export function LinkQrCode({ url, label = "Link address" }: { url: string; label?: string }) {
  const qrCode = useQrCode(url);
  const id = useId();
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-sm font-medium text-slate-700">
          {label}
        </label>
        <input
          id={id}
          readOnly
          value={url}
          data-testid="link-url"
          className="min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
          onFocus={(e) => e.target.select()}
        />
      </div>
      {qrCode ? (
        <figure className="flex flex-col items-start gap-1">
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made here; next/image has nothing to optimise */}
          <img
            src={qrCode}
            alt="QR code of the link"
            width={176}
            height={176}
            className="rounded-md bg-white p-2"
            data-testid="link-qr-code"
          />
          <figcaption className="text-xs text-slate-600">Scan it with a phone to open the link there.</figcaption>
        </figure>
      ) : null}
    </div>
  );
}

/** A working link made before tokens were sealed: its URL was shown once and is not kept (docs/decisions/056). */
export function NotCopyable() {
  return <span className="px-3 py-1.5 text-xs text-slate-600">Created before copying was possible</span>;
}
