// The caller's address, for throttling and for the activity trail. server.ts decides it (from the socket, or
// from X-Forwarded-For when the connection comes from a trusted proxy) and hands it over through the bridge,
// so a client cannot choose its own address by sending a header. See docs/decisions/017.
import { isIP, isIPv6 } from "node:net";
import proxyAddr from "proxy-addr";

/** Set by server.ts on every request (lib/server-bridge.ts); whatever a client sends under it is removed. */
export const CLIENT_ADDRESS_HEADER = "x-coffer-client-address";

export function clientAddress(headers: { get(name: string): string | null }): string {
  return normalise(headers.get(CLIENT_ADDRESS_HEADER) || "unknown");
}

export type TrustedProxies = (address: string) => boolean;

/** Compiles TRUSTED_PROXIES (addresses, CIDR ranges) into a test; an empty list trusts no one. */
export function trustedProxies(list: readonly string[]): TrustedProxies {
  if (list.length === 0) return () => false;
  const trust = proxyAddr.compile([...list]);
  return (address) => trust(address, 0);
}

/**
 * The client's address, as server.ts hands it over: walking from the socket's peer back along
 * X-Forwarded-For, every hop that is a trusted proxy is skipped, and the first one that is not is the
 * client. Proxies append to the header, so what a client wrote itself sits to the left of what the
 * trusted proxies wrote and is never reached while an untrusted hop stands in between.
 */
export function addressFromRequest(opts: {
  socketAddress: string | undefined;
  forwardedFor: string | undefined;
  trusted: TrustedProxies;
}): string {
  if (!opts.socketAddress) return "unknown";
  const chain = proxyAddr.all(
    { headers: { "x-forwarded-for": opts.forwardedFor ?? "" }, socket: { remoteAddress: opts.socketAddress } } as never,
    (address) => opts.trusted(address),
  );
  // A garbled entry where an address should be ends the walk at the last hop that was a real address.
  for (let i = chain.length - 1; i >= 0; i--) {
    if (isIP(chain[i])) return normalise(chain[i]);
  }
  return "unknown";
}

/** Whether the connection itself comes from a trusted proxy (whose X-Forwarded-Host and -Proto count). */
export function fromTrustedProxy(socketAddress: string | undefined, trusted: TrustedProxies): boolean {
  return Boolean(socketAddress) && trusted(socketAddress!);
}

function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function isLoopback(address: string): boolean {
  if (isIPv6(address)) return expandIPv6(address.split("%")[0]).join(":") === "0000:0000:0000:0000:0000:0000:0000:0001";
  return isIP(address) === 4 && address.startsWith("127.");
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

/** How a connection from the server's own machine is recorded and shown (::1 would read "0000:0000:0000::/48"). */
export const LOOPBACK_NETWORK = "this machine";

/** What is stored about a visitor: IPv4 cut to /24, IPv6 to /48; the loopback addresses by that name. */
export function truncateAddress(address: string): string {
  if (isLoopback(address)) return LOOPBACK_NETWORK;
  if (isIPv6(address)) return `${expandIPv6(address.split("%")[0]).slice(0, 3).join(":")}::/48`;
  const parts = address.split(".");
  return parts.length === 4 ? `${parts.slice(0, 3).join(".")}.0/24` : "unknown";
}
