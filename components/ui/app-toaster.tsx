"use client";
import { Toaster } from "sonner";
import type { Theme } from "@/lib/theme";

/**
 * The app's one toaster. Bottom right, so that the header and its navigation stay uncovered (on a phone a toast
 * spans the bottom instead); a close button on every toast, larger than sonner's (app/globals.css).
 */
export function AppToaster({ theme }: { theme?: Theme }) {
  return (
    <Toaster richColors closeButton position="bottom-right" theme={theme} toastOptions={{ closeButtonAriaLabel: "Close notification" }} />
  );
}
