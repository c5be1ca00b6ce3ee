import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { FlashToaster } from "@/components/flash-toaster";
import { AppToaster } from "@/components/ui/app-toaster";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: "Coffer",
  description: "Self-hosted file sharing, encrypted at rest.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The appearance is chosen on the server, from a cookie: no script has to run before the first paint.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme}>
      <body className="min-h-screen font-sans">
        {children}
        <AppToaster theme={theme} />
        <FlashToaster />
      </body>
    </html>
  );
}
