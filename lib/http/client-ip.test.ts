import { afterEach, describe, expect, it, vi } from "vitest";
import { checkCallbackSource } from "../payments/gateways/daraja/verify";
import { addressBucket, clientBucket, clientIp, trustedProxyHops } from "./client-ip";
import { toNotificationRequest } from "./notification-request";

const headers = (h: Record<string, string>) => new Headers(h);

describe("clientIp", () => {
  it("believes no header without TRUST_PROXY: a client can write X-Forwarded-For and X-Real-IP itself", () => {
    for (const env of [{}, { TRUST_PROXY: "" }, { TRUST_PROXY: "0" }, { TRUST_PROXY: "false" }]) {
      expect(clientIp(headers({ "x-forwarded-for": "203.0.113.5", "x-real-ip": "203.0.113.6" }), env)).toBeUndefined();
    }
  });

  it("behind a trusted proxy takes the address that proxy appended (right-most), not what the client prepended", () => {
    const env = { TRUST_PROXY: "true" };
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.20" }), env)).toBe("198.51.100.20");
    expect(clientIp(headers({ "x-forwarded-for": "198.51.100.20" }), { TRUST_PROXY: "1" })).toBe("198.51.100.20");
    expect(clientIp(headers({ "x-forwarded-for": "::ffff:198.51.100.20" }), env)).toBe("198.51.100.20");
    expect(clientIp(headers({ "x-forwarded-for": "2001:DB8::1" }), env)).toBe("2001:db8::1");
    // X-Real-IP is never read, and junk is no address.
    expect(clientIp(headers({ "x-real-ip": "198.51.100.20" }), env)).toBeUndefined();
    expect(clientIp(headers({ "x-forwarded-for": "1.2.3.4, not-an-ip" }), env)).toBeUndefined();
    // Two proxies (a CDN, then a load balancer): the client is second from the right.
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.20, 10.0.0.2" }), { TRUST_PROXY: "2" })).toBe(
      "198.51.100.20",
    );
    expect(clientIp(headers({ "x-forwarded-for": "10.0.0.2" }), { TRUST_PROXY: "2" })).toBeUndefined();
  });

  it("refuses a TRUST_PROXY that is neither a switch nor a count", () => {
    expect(() => trustedProxyHops({ TRUST_PROXY: "nginx" })).toThrow(/TRUST_PROXY/);
    expect(trustedProxyHops({ TRUST_PROXY: " TRUE " })).toBe(1);
  });
});

describe("clientBucket: who a client counts as for a limit", () => {
  const env = { TRUST_PROXY: "1" };
  it("is the IPv4 address itself, and an IPv6 client's /64 however it writes its address", () => {
    expect(clientBucket(headers({ "x-forwarded-for": "198.51.100.20" }), env)).toBe("198.51.100.20");
    for (const ip of ["2001:db8:1:2::1", "2001:DB8:1:2:ffff:ffff:ffff:fffe", "2001:0db8:0001:0002:0:0:0:9"])
      expect(clientBucket(headers({ "x-forwarded-for": ip }), env)).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
  });

  it("is unknown where the address is (no TRUST_PROXY)", () => {
    expect(clientBucket(headers({ "x-forwarded-for": "2001:db8::1" }), {})).toBeUndefined();
  });
});

describe("Daraja's IP allow-list behind a proxy", () => {
  const config = { callbackToken: "secret-token", allowedIps: ["196.201.214.200"] };
  const callback = (h: Record<string, string>) =>
    new Request("https://tickets.example.com/api/callbacks/daraja?token=secret-token", {
      method: "POST",
      headers: { "content-type": "application/json", ...h },
      body: "{}",
    });

  afterEach(() => vi.unstubAllEnvs());

  it("accepts Safaricom's address as the trusted proxy reports it, and not one a caller forged", async () => {
    vi.stubEnv("TRUST_PROXY", "1");
    const real = await toNotificationRequest(callback({ "x-forwarded-for": "196.201.214.200" }));
    expect(checkCallbackSource(real.query, real.sourceIp, config)).toEqual({ ok: true });
    // A forger in front writes Safaricom's address; the proxy appends the forger's own.
    const forged = await toNotificationRequest(
      callback({ "x-forwarded-for": "196.201.214.200, 203.0.113.66", "x-real-ip": "196.201.214.200" }),
    );
    expect(checkCallbackSource(forged.query, forged.sourceIp, config)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("203.0.113.66"),
    });
    // Without TRUST_PROXY the address is unknown, so an allow-list refuses everything (README: set it).
    vi.stubEnv("TRUST_PROXY", "");
    const direct = await toNotificationRequest(callback({ "x-forwarded-for": "196.201.214.200" }));
    expect(checkCallbackSource(direct.query, direct.sourceIp, config)).toMatchObject({ ok: false });
  });
});
