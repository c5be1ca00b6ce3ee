"use client";
import { useEffect, useState } from "react";
import QRCode from "qrcode";

/** A link as a QR code (an SVG in a data: URL, which the page CSP allows for images), for handing it to a phone. */
export function useQrCode(url: string | null): string | null {
  const [qrCode, setQrCode] = useState<{ url: string; image: string } | null>(null);
  useEffect(() => {
    if (!url) return;
    let current = true;
    QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#0f172a", light: "#ffffff" } })
      .then((svg) => {
        if (current) setQrCode({ url, image: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [url]);
  return qrCode && qrCode.url === url ? qrCode.image : null;
}
