import { describe, expect, it } from "vitest";
import { retainedScan, type LocalScan } from "./offline-store";

const scan = (over: Partial<LocalScan>): LocalScan => ({
  scanId: "s1",
  eventId: "e1",
  code: "AQIDBAUGBwgJCgsM-signed-code",
  ticketId: "t1",
  attendeeName: "Nyokabi Wambui",
  gate: "North",
  deviceId: "d1",
  scannedAt: "2030-05-01T08:00:00.000Z",
  localResult: "ok",
  state: "pending",
  ...over,
});

describe("what a gate phone keeps of a scan", () => {
  it("keeps the code of a scan waiting to sync: the server needs it", () => {
    expect(retainedScan(scan({}))).toEqual(scan({}));
    expect(retainedScan(scan({ localResult: "already_checked_in" }))?.code).toBeDefined();
  });

  it("drops the code once the server has answered; the ticket id still says who is in", () => {
    for (const state of ["synced", "rejected"] as const) {
      const kept = retainedScan(scan({ state, serverResult: "ok" }))!;
      expect(kept).not.toHaveProperty("code");
      expect(kept).toMatchObject({
        ticketId: "t1",
        localResult: "ok",
        serverResult: "ok",
        scannedAt: "2030-05-01T08:00:00.000Z",
      });
    }
  });

  it("keeps nothing of a scan refused as invalid or of another event", () => {
    expect(retainedScan(scan({ localResult: "invalid", ticketId: null }))).toBeNull();
    expect(retainedScan(scan({ localResult: "wrong_event" }))).toBeNull();
  });
});
