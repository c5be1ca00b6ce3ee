// The headers every response carries. server.ts adds each one to every response whose head is written without it,
// whoever answers (a page, a route handler, Next.js's own 404 or static files, the image optimizer, the server's own
// refusals), so an answer that needs another value keeps its own: pages their CSP with a nonce (proxy.ts), downloads
// and previews `sandbox`, link pages `no-referrer` (next.config.mjs). Plain data, so that server.ts can use it.

/** For answers that set no CSP of their own: nothing runs, nothing frames it; styles and images only from here. */
export const FALLBACK_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * For the app's own scripts: one started as a worker (the PDF preview's PDF.js) runs under its response's CSP, and
 * must load its other chunks; nothing else is allowed (docs/decisions/044).
 */
export const STATIC_SCRIPT_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The CSP for an answer to `path` that sets none of its own. */
export function fallbackContentSecurityPolicy(path: string): string {
  return path.startsWith("/_next/static/") && /\.m?js$/.test(path)
    ? STATIC_SCRIPT_CONTENT_SECURITY_POLICY
    : FALLBACK_CONTENT_SECURITY_POLICY;
}

export function securityHeaders(production: boolean): [string, string][] {
  return [
    ["Content-Security-Policy", FALLBACK_CONTENT_SECURITY_POLICY],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"],
    ["X-Frame-Options", "DENY"],
    ...(production ? ([["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]] as [string, string][]) : []),
  ];
}
