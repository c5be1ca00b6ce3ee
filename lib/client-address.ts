// The caller's address, for throttling and for the activity trail.
// server.ts overwrites X-Forwarded-For with the socket's address unless TRUST_PROXY is on,
// so a client cannot choose its own address by sending the header.
import { isIPv6 } from "node:net";

export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return normalise(forwarded || "unknown");
}

function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function expandIPv6(address: string): string[] {
  const [head, tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = address.includes("::") ? Array(8 - left.length - right.length).fill("0") : [];
  return [...left, ...fill, ...right].map((g) => g.padStart(4, "0").toLowerCase());
}

/** The key to throttle by: IPv6 addresses share a limit per /64, as one household or host does. */
export function throttleKey(address: string): string {
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address.split("%")[0]).slice(0, 4).join(":")}::/64`;
}

/** What is stored about a visitor: IPv4 cut to /24, IPv6 to /48. */
export function truncateAddress(address: string): string {
  if (isIPv6(address)) return `${expandIPv6(address.split("%")[0]).slice(0, 3).join(":")}::/48`;
  const parts = address.split(".");
  return parts.length === 4 ? `${parts.slice(0, 3).join(".")}.0/24` : "unknown";
}
