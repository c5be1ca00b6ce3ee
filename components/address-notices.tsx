"use client";
// Two things only the browser can tell, shown where they explain a surprise:
//  - on the sign-in and sign-up pages, that this address is not a secure context (plain HTTP by a LAN name or IP)
//    while Coffer's cookies are Secure: the browser drops the session cookie and signing in silently comes back here;
//  - to an admin, that the address in use is not APP_URL, which copied links and QR codes are built from.
// The browser, not the request, decides: behind a TLS proxy that is not in TRUSTED_PROXIES the server sees plain
// HTTP while the browser sees HTTPS, and http://localhost is a secure context that keeps Secure cookies
// (docs/decisions/059-first-run-address-checks.md).
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/** A value read from `window` after hydration; null while rendered on the server. */
function useBrowserValue<T>(read: () => T): T | null {
  return useSyncExternalStore(noSubscription, read, () => null);
}

export function InsecureAddressNotice({ secureCookies }: { secureCookies: boolean }) {
  const insecure = useBrowserValue(() => !window.isSecureContext);
  const origin = useBrowserValue(() => window.location.origin);
  if (!secureCookies || !insecure) return null;
  return (
    <div role="alert" className="mb-5 flex flex-col gap-2 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <p className="font-semibold">Signing in will not work at this address.</p>
      <p>
        You opened Coffer over plain HTTP ({origin}), but its sign-in cookie is marked Secure, so your browser drops it and every sign-in
        comes back to this page. Two ways out:
      </p>
      <ul className="list-disc pl-5">
        <li>
          open Coffer over <strong>HTTPS</strong> (behind nginx or another TLS proxy, with <code>APP_URL</code> set to its https://
          address), or
        </li>
        <li>
          on a trusted home or office network only, set <code>COOKIE_SECURE=false</code> in the server&apos;s environment and restart it.
        </li>
      </ul>
    </div>
  );
}

export function AppUrlNotice({ appUrl }: { appUrl: string }) {
  const origin = useBrowserValue(() => window.location.origin);
  if (origin === null || origin === new URL(appUrl).origin) return null;
  return (
    <div role="status" className="flex flex-col gap-1 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <p className="font-semibold">This address is not APP_URL.</p>
      <p>
        You opened Coffer at <strong>{origin}</strong>, but <code>APP_URL</code> is <strong>{appUrl}</strong>: copied links and QR codes
        point there. If people reach Coffer at {origin}, set <code>APP_URL={origin}</code> in the server&apos;s environment and restart it.
      </p>
    </div>
  );
}
