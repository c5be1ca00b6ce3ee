// The caller's address, for throttling and for the activity trail. server.ts decides it (from the socket,
// or from X-Forwarded-For when TRUST_PROXY is on) and hands it over through the bridge, so a client cannot
// choose its own address by sending a header.
import { isIPv6 } from "node:net";

/** Set by server.ts on every request (lib/server-bridge.ts); whatever a client sends under it is removed. */
export const CLIENT_ADDRESS_HEADER = "x-coffer-client-address";

export function clientAddress(headers: { get(name: string): string | null }): string {
  return normalise(headers.get(CLIENT_ADDRESS_HEADER) || "unknown");
}

/** The left-most X-Forwarded-For entry, or the socket's address; what server.ts hands over. */
export function addressFromRequest(opts: {
  socketAddress: string | undefined;
  forwardedFor: string | undefined;
  trustProxy: boolean;
}): string {
  const forwarded = opts.trustProxy ? opts.forwardedFor?.split(",")[0]?.trim() : undefined;
  return normalise(forwarded || opts.socketAddress || "unknown");
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
