// Only same-site paths may be used after sign-in; anything else goes to the dashboard.
export function safeRedirectPath(next: string | undefined | null, fallback = "/dashboard"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}
