import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { FlashToaster } from "@/components/flash-toaster";
import "./globals.css";

export const metadata: Metadata = {
  title: "Coffer",
  description: "Self-hosted file sharing, encrypted at rest.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        <Toaster richColors closeButton position="top-center" />
        <FlashToaster />
      </body>
    </html>
  );
}
