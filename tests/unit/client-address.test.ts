// The client's address as server.ts decides it, and what Coffer keeps of it (lib/client-address.ts).
import {
  addressFromRequest,
  clientAddress,
  CLIENT_ADDRESS_HEADER,
  fromTrustedProxy,
  throttleKey,
  truncateAddress,
  trustedProxies,
} from "@/lib/client-address";
import { parseTrustedProxies } from "@/lib/env/trusted-proxies";

const nobody = trustedProxies([]);
const address = (socketAddress: string | undefined, forwardedFor: string | undefined, trusted = nobody) =>
  addressFromRequest({ socketAddress, forwardedFor, trusted });

describe("addressFromRequest", () => {
  it("takes the socket's address when no proxy is trusted, whatever the client claims", () => {
    expect(address("203.0.113.9", "198.51.100.1")).toBe("203.0.113.9");
    expect(address("127.0.0.1", "198.51.100.1")).toBe("127.0.0.1");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(address("203.0.113.9", "198.51.100.1", trustedProxies(["10.0.0.0/8"]))).toBe("203.0.113.9");
  });

  it("through one trusted proxy: the entry the proxy appended, not what the client wrote before it", () => {
    const trusted = trustedProxies(["10.0.0.1"]);
    expect(address("10.0.0.1", "198.51.100.7", trusted)).toBe("198.51.100.7");
    // The client sent "X-Forwarded-For: 1.2.3.4"; nginx's $proxy_add_x_forwarded_for appended its peer.
    expect(address("10.0.0.1", "1.2.3.4, 198.51.100.7", trusted)).toBe("198.51.100.7");
    expect(address("10.0.0.1", "not an address, 198.51.100.7", trusted)).toBe("198.51.100.7");
  });

  it("through two trusted proxies (a load balancer, then nginx): the right-most address that is not a proxy", () => {
    const trusted = trustedProxies(["10.0.0.0/8", "192.168.1.5"]);
    expect(address("192.168.1.5", "6.6.6.6, 198.51.100.7, 10.1.2.3", trusted)).toBe("198.51.100.7");
    // Only one hop trusted: the untrusted hop in between is the client as far as Coffer can tell.
    expect(address("192.168.1.5", "198.51.100.7, 172.16.0.9", trusted)).toBe("172.16.0.9");
  });

  it("falls back to the last proxy when the chain holds nothing but proxies or garbage", () => {
    const trusted = trustedProxies(["10.0.0.0/8"]);
    expect(address("10.0.0.1", "", trusted)).toBe("10.0.0.1");
    expect(address("10.0.0.1", "10.0.0.2", trusted)).toBe("10.0.0.2");
    expect(address("10.0.0.1", "garbage", trusted)).toBe("10.0.0.1");
  });

  it("handles IPv6 proxies, clients and ranges", () => {
    const trusted = trustedProxies(["::1", "2001:db8:ffff::/48"]);
    expect(address("::1", "2001:db8:1:2::7", trusted)).toBe("2001:db8:1:2::7");
    expect(address("2001:db8:ffff::3", "2001:db8:9::1, 2001:db8:1:2::7, 2001:db8:ffff::9", trusted)).toBe("2001:db8:1:2::7");
    expect(address("2001:db8:1:2::7", "198.51.100.1", trusted)).toBe("2001:db8:1:2::7");
  });

  it("matches an IPv4 proxy however the socket writes it, and unwraps IPv4-mapped clients", () => {
    const trusted = trustedProxies(["127.0.0.1"]);
    expect(address("::ffff:127.0.0.1", "198.51.100.4", trusted)).toBe("198.51.100.4");
    expect(address("::ffff:203.0.113.9", undefined)).toBe("203.0.113.9");
  });

  it("says unknown when there is no address at all", () => {
    expect(address(undefined, "198.51.100.1", trustedProxies(["198.51.100.0/24"]))).toBe("unknown");
  });
});

describe("fromTrustedProxy and TRUSTED_PROXIES", () => {
  it("tells a trusted peer from the rest", () => {
    const trusted = trustedProxies(parseTrustedProxies(" 127.0.0.1, ::1 ,10.0.0.0/8"));
    expect(fromTrustedProxy("127.0.0.1", trusted)).toBe(true);
    expect(fromTrustedProxy("::1", trusted)).toBe(true);
    expect(fromTrustedProxy("10.200.3.4", trusted)).toBe(true);
    expect(fromTrustedProxy("203.0.113.9", trusted)).toBe(false);
    expect(fromTrustedProxy(undefined, trusted)).toBe(false);
    expect(fromTrustedProxy("127.0.0.1", nobody)).toBe(false);
  });

  it("refuses entries that are not addresses or ranges", () => {
    expect(parseTrustedProxies("")).toEqual([]);
    expect(() => parseTrustedProxies("127.0.0.1, proxy.example")).toThrow('"proxy.example" is not an IP address or CIDR range');
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow("is not an IP address or CIDR range");
  });
});

describe("clientAddress", () => {
  it("reads the address server.ts handed over", () => {
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "198.51.100.1" }))).toBe("unknown");
  });
});

describe("throttleKey", () => {
  it("keys IPv4 by the whole address", () => {
    expect(throttleKey("203.0.113.9")).toBe("203.0.113.9");
  });

  it("keys IPv6 by its /64, however it is written", () => {
    expect(throttleKey("2001:db8:1:2:aaaa::1")).toBe("2001:0db8:0001:0002::/64");
    expect(throttleKey("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:0db8:0001:0002::/64");
    expect(throttleKey("2001:DB8:1:2::1%eth0")).toBe("2001:0db8:0001:0002::/64");
  });
});

describe("truncateAddress", () => {
  it("keeps an IPv4 /24 and an IPv6 /48", () => {
    expect(truncateAddress("203.0.113.9")).toBe("203.0.113.0/24");
    expect(truncateAddress("2001:db8:1:2::1")).toBe("2001:0db8:0001::/48");
  });

  it("names the server's own machine instead of cutting ::1 to a network of zeros", () => {
    for (const loopback of ["::1", "0:0:0:0:0:0:0:1", "127.0.0.1", "127.5.6.7"]) expect(truncateAddress(loopback)).toBe("this machine");
    expect(truncateAddress("::2")).toBe("0000:0000:0000::/48");
    expect(truncateAddress("128.0.0.1")).toBe("128.0.0.0/24");
  });

  it("keeps nothing of what is not an address", () => {
    expect(truncateAddress("unknown")).toBe("unknown");
  });
});
