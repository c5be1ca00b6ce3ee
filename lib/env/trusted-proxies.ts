// TRUSTED_PROXIES: the reverse proxies whose forwarded headers Coffer believes, as addresses or CIDR ranges
// separated by commas ("127.0.0.1, 10.0.0.0/8, ::1"). Empty (the default) trusts no one.
import proxyAddr from "proxy-addr";

export function parseTrustedProxies(value: string): string[] {
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    try {
      // proxy-addr's own parser, so what is accepted here is exactly what the server applies.
      proxyAddr.compile(entry);
    } catch {
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
    }
  }
  return entries;
}
