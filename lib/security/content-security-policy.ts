// The page CSP: scripts only with this request's nonce (and what they load, by 'strict-dynamic').
// Styles allow inline attributes, which React and the toast library set; nothing comes from elsewhere.
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The PDF preview's PDF.js worker, one of the app's own static files ('strict-dynamic' does not cover workers).
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join("; ");
}
