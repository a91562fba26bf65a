import { describe, expect, it } from "vitest";
import { boothStatus, saleState, seatsLeft } from "./availability";

const now = new Date("2026-11-22T10:00:00Z");
const t = (over: Partial<Parameters<typeof saleState>[0]> = {}) => ({
  capacity: 10,
  sold: 3,
  held: 2,
  salesStartAt: null,
  salesEndAt: null,
  ...over,
});

describe("availability", () => {
  it("counts holds as taken", () => {
    expect(seatsLeft(t())).toBe(5);
    expect(seatsLeft(t({ sold: 8, held: 2 }))).toBe(0);
  });
  it("tells the sale state", () => {
    expect(saleState(t(), now)).toBe("on_sale");
    expect(saleState(t({ sold: 5, held: 5 }), now)).toBe("sold_out");
    expect(saleState(t({ salesStartAt: new Date("2026-11-23T00:00:00Z") }), now)).toBe("not_started");
    expect(saleState(t({ salesEndAt: now }), now)).toBe("ended");
  });
  it("sells inside an open sale window, from its first instant to just before its end", () => {
    const hour = 3_600_000;
    const window = { salesStartAt: new Date(now.getTime() - hour), salesEndAt: new Date(now.getTime() + hour) };
    expect(saleState(t(window), now)).toBe("on_sale");
    expect(saleState(t({ ...window, sold: 5, held: 5 }), now)).toBe("sold_out");
    expect(saleState(t({ salesStartAt: now }), now)).toBe("on_sale");
    expect(saleState(t({ salesStartAt: new Date(now.getTime() + 1) }), now)).toBe("not_started");
    expect(saleState(t({ salesEndAt: new Date(now.getTime() + 1) }), now)).toBe("on_sale");
    expect(saleState(t({ salesEndAt: new Date(now.getTime() - 1) }), now)).toBe("ended");
  });
  it("treats a booth whose hold ran out as available", () => {
    expect(boothStatus({ status: "held", holdExpiresAt: new Date(now.getTime() - 1) }, now)).toBe("available");
    expect(boothStatus({ status: "held", holdExpiresAt: new Date(now.getTime() + 1) }, now)).toBe("held");
    expect(boothStatus({ status: "booked", holdExpiresAt: null }, now)).toBe("booked");
    expect(boothStatus({ status: "held", holdExpiresAt: now }, now)).toBe("available");
    expect(boothStatus({ status: "held", holdExpiresAt: null }, now)).toBe("held");
  });
  it("never offers a booked or blocked booth, whatever hold deadline is left on it", () => {
    const stale = new Date(now.getTime() - 60_000);
    expect(boothStatus({ status: "booked", holdExpiresAt: stale }, now)).toBe("booked");
    expect(boothStatus({ status: "blocked", holdExpiresAt: stale }, now)).toBe("blocked");
  });
});
