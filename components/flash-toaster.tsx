"use client";
import { useEffect } from "react";
import { usePathname } from "next/navigation";
import { toast } from "sonner";
import { dismissErrorsOfOtherPages, toastError } from "@/components/ui/toast-error";

const FLASH_COOKIE = "coffer-flash";

/**
 * Shows the toast a server action left behind before redirecting, then forgets it; and on every page change closes
 * the error toasts the previous page raised, so that a stale error never follows a person to the next page.
 */
export function FlashToaster() {
  const pathname = usePathname();
  useEffect(() => {
    dismissErrorsOfOtherPages(pathname);
    const raw = document.cookie.split("; ").find((c) => c.startsWith(`${FLASH_COOKIE}=`));
    if (!raw) return;
    // Removed with the attributes it was set with (Secure where the page is served over HTTPS).
    document.cookie = `${FLASH_COOKIE}=; Max-Age=0; path=/; SameSite=Lax${location.protocol === "https:" ? "; Secure" : ""}`;
    try {
      const flash = JSON.parse(decodeURIComponent(raw.slice(FLASH_COOKIE.length + 1))) as { type: string; message: string };
      if (flash.type === "error") toastError(flash.message);
      else if (flash.type === "info") toast.info(flash.message);
      else toast.success(flash.message);
    } catch {
      // A malformed cookie is simply dropped.
    }
  }, [pathname]);
  return null;
}
