import { describe, expect, it } from "vitest";
import { clientAddress } from "./sign-in-throttle";

describe("clientAddress", () => {
  const forged = { "x-forwarded-for": "6.6.6.6, 203.0.113.7", "x-real-ip": "7.7.7.7" };

  it("trusts no forwarding header unless proxies are configured: every client is one address", () => {
    expect(clientAddress(forged, { trustedProxyHops: 0, onVercel: false })).toBe("direct");
    expect(clientAddress({ "x-real-ip": "7.7.7.7" }, { trustedProxyHops: 0, onVercel: false })).toBe("direct");
  });

  it("takes the entry the trusted proxies appended, never what the client put before it", () => {
    expect(clientAddress(forged, { trustedProxyHops: 1, onVercel: false })).toBe("203.0.113.7");
    expect(
      clientAddress({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" }, { trustedProxyHops: 2, onVercel: false }),
    ).toBe("203.0.113.7");
    expect(
      clientAddress({ "x-forwarded-for": ["6.6.6.6", "203.0.113.7"] }, { trustedProxyHops: 1, onVercel: false }),
    ).toBe("203.0.113.7");
    // Fewer entries than proxies: the chain was not built by them.
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7" }, { trustedProxyHops: 2, onVercel: false })).toBe(
      "direct",
    );
  });

  it("uses Vercel's own header on Vercel", () => {
    expect(
      clientAddress({ ...forged, "x-vercel-forwarded-for": "198.51.100.4" }, { trustedProxyHops: 0, onVercel: true }),
    ).toBe("198.51.100.4");
  });
});
