"use client";
import { useEffect, useState } from "react";

/**
 * The one-time token a mailed link carries after "#" (docs/decisions/053), read once on the first render in the
 * browser and then removed from the address bar, so it stays out of the history and of copied addresses.
 * undefined until read; null when the address has none.
 */
export function useFragmentToken(): string | null | undefined {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const value = decodeURIComponent(window.location.hash.slice(1)).trim();
    if (value) window.history.replaceState(null, "", window.location.pathname);
    // Read after mounting: the server renders the page without it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setToken(value || null);
  }, []);
  return token;
}
