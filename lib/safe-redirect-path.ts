// Where a visitor may be sent after signing in: a path of this site, never another one. The target is
// parsed the way a browser would (which drops tabs and newlines and reads "\" as "/"), against a stand-in
// origin; only a result on that origin is kept, as its path, query and hash.
const BASE = "https://coffer.invalid";

export function safeRedirectPath(next: string | undefined | null, fallback = "/dashboard"): string {
  if (!next || !next.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const target = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" resolves to the path "//evil.example", which a browser reads as another host.
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}
