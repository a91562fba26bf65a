import { describe, expect, it } from "vitest";
import type { GatewayContext } from "../types";
import { RETRY_WITH_NEW_TOKEN, tokenSession } from "./token-session";

type Config = { host: string };

function harness(expiresIn = 3600) {
  const clock = { now: new Date("2026-12-01T09:00:00Z") };
  let issued = 0;
  const session = tokenSession<Config>({
    key: (c) => c.host,
    marginMs: 60_000,
    request: async () => {
      const n = ++issued;
      await new Promise((r) => setTimeout(r, 5));
      return { access_token: `tok-${n}`, expires_in: expiresIn };
    },
  });
  const ctx = (host = "a"): GatewayContext<Config> => ({
    config: { host },
    fetch: globalThis.fetch,
    now: () => clock.now,
    recordCall: () => {},
  });
  return { session, ctx, clock, issued: () => issued };
}

describe("token session", () => {
  it("shares one token request among concurrent callers and keeps one token per configuration", async () => {
    const h = harness();
    const tokens = await Promise.all([h.session.token(h.ctx()), h.session.token(h.ctx()), h.session.token(h.ctx("b"))]);
    expect(tokens).toEqual(["tok-1", "tok-1", "tok-2"]);
    expect(await h.session.token(h.ctx())).toBe("tok-1");
    expect(h.issued()).toBe(2);
  });

  it("renews the token once it is within the margin of its expiry", async () => {
    const h = harness(600);
    expect(await h.session.token(h.ctx())).toBe("tok-1");
    h.clock.now = new Date(h.clock.now.getTime() + 539_000);
    expect(await h.session.token(h.ctx())).toBe("tok-1");
    h.clock.now = new Date(h.clock.now.getTime() + 2_000);
    expect(await h.session.token(h.ctx())).toBe("tok-2");
  });

  it("a refused token is dropped and the call made once more with a new one", async () => {
    const h = harness();
    const sent: Array<[string, boolean]> = [];
    const result = await h.session.authorized(h.ctx(), async (token, mayRetry) => {
      sent.push([token, mayRetry]);
      return token === "tok-1" ? RETRY_WITH_NEW_TOKEN : "done";
    });
    expect(result).toBe("done");
    expect(sent).toEqual([
      ["tok-1", true],
      ["tok-2", false],
    ]);
    expect(await h.session.token(h.ctx())).toBe("tok-2");
  });

  it("never loops: asking for a third token is a programming error", async () => {
    const h = harness();
    await expect(h.session.authorized(h.ctx(), async () => RETRY_WITH_NEW_TOKEN)).rejects.toThrow(/refused twice/);
    expect(h.issued()).toBe(2);
  });

  it("dropping a token another caller already replaced keeps the new one", async () => {
    const h = harness();
    await h.session.token(h.ctx());
    h.session.drop({ host: "a" }, "tok-1");
    expect(await h.session.token(h.ctx())).toBe("tok-2");
    h.session.drop({ host: "a" }, "tok-1");
    expect(await h.session.token(h.ctx())).toBe("tok-2");
  });
});
