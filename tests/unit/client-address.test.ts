// The client's address as server.ts decides it, and what Coffer keeps of it (lib/client-address.ts).
import { addressFromRequest, clientAddress, CLIENT_ADDRESS_HEADER, throttleKey, truncateAddress } from "@/lib/client-address";

describe("addressFromRequest", () => {
  it("takes the socket's address when proxies are not trusted, whatever the client claims", () => {
    expect(addressFromRequest({ socketAddress: "203.0.113.9", forwardedFor: "198.51.100.1", trustProxy: false })).toBe("203.0.113.9");
  });

  it("unwraps IPv4-mapped IPv6 addresses", () => {
    expect(addressFromRequest({ socketAddress: "::ffff:203.0.113.9", forwardedFor: undefined, trustProxy: false })).toBe("203.0.113.9");
  });

  it("says unknown when there is no address at all", () => {
    expect(addressFromRequest({ socketAddress: undefined, forwardedFor: undefined, trustProxy: false })).toBe("unknown");
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

  it("keeps nothing of what is not an address", () => {
    expect(truncateAddress("unknown")).toBe("unknown");
  });
});
