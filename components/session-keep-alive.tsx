"use client";
import { useEffect } from "react";
import { usePathname } from "next/navigation";

const EVERY_MS = 10 * 60 * 1000;
const KEY = "coffer-session-refreshed-at";

/**
 * Pages render on the server, where cookies cannot be rewritten, so a signed-in user's activity would not
 * extend the session. Auth.js re-issues the session cookie on its session endpoint: ask it now and then
 * while the user moves around. The absolute lifetime still ends the session.
 */
export function SessionKeepAlive() {
  const pathname = usePathname();
  useEffect(() => {
    const last = Number(sessionStorage.getItem(KEY) ?? 0);
    if (Date.now() - last < EVERY_MS) return;
    sessionStorage.setItem(KEY, String(Date.now()));
    void fetch("/api/auth/session", { credentials: "same-origin", cache: "no-store" }).catch(() => undefined);
  }, [pathname]);
  return null;
}
