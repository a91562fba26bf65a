import { describe, expect, it } from "vitest";
import {
  formatDeadline,
  formatEventDateTime,
  formatEventRange,
  isTimeZone,
  utcToWallTime,
  wallTimeToUtc,
} from "./dates";

describe("event dates as the region writes them", () => {
  it("names East Africa Time EAT and puts the day first, in Kenya, Tanzania, Uganda and Thailand alike", () => {
    const at = "2026-12-23T06:00:00Z";
    expect(formatEventDateTime(at, "Africa/Nairobi", "KE")).toBe("Wed, 23 Dec 2026, 09:00 EAT");
    expect(formatEventDateTime(at, "Africa/Dar_es_Salaam", "TZ")).toBe("Wed, 23 Dec 2026, 09:00 EAT");
    expect(formatEventDateTime(at, "Africa/Kampala", "UG")).toBe("Wed, 23 Dec 2026, 09:00 EAT");
    // en-TH would write "Wed, Dec 23, 2026".
    expect(formatEventDateTime(at, "Asia/Bangkok", "TH")).toBe("Wed, 23 Dec 2026, 13:00 GMT+7");
  });

  it("writes a deadline later today as a time, and one on another day with its day, in one zone name", () => {
    const now = new Date("2026-12-04T18:00:00Z"); // 21:00 in Nairobi
    expect(formatDeadline("2026-12-04T20:15:00Z", "Africa/Nairobi", "KE", now)).toBe("23:15 EAT");
    // Two days on, just after midnight in Nairobi: the day is named, the zone is still EAT.
    expect(formatDeadline("2026-12-06T21:37:00Z", "Africa/Nairobi", "KE", now)).toBe("Mon, 7 Dec, 00:37 EAT");
  });

  it("writes when an event runs, start to end, day first in Bangkok too, saying a shared day once", () => {
    // Intl puts thin spaces around the dash; compare words, not spacing.
    const plain = (s: string) => s.replace(/\s+/g, " ");
    expect(plain(formatEventRange("2026-12-23T06:00:00Z", "2026-12-23T15:00:00Z", "Africa/Nairobi", "KE"))).toBe(
      "Wed, 23 Dec 2026, 09:00–18:00 EAT",
    );
    expect(plain(formatEventRange("2026-12-23T06:00:00Z", "2026-12-24T15:00:00Z", "Asia/Bangkok", "TH"))).toBe(
      "Wed, 23 Dec 2026, 13:00 GMT+7 – Thu, 24 Dec 2026, 22:00 GMT+7",
    );
  });
});

describe("wall-clock times of an event's zone", () => {
  it("reads a Nairobi or Bangkok wall time as the right UTC instant, and back", () => {
    expect(wallTimeToUtc("2026-05-01T09:00", "Africa/Nairobi")?.toISOString()).toBe("2026-05-01T06:00:00.000Z");
    expect(wallTimeToUtc("2026-05-01T00:30", "Asia/Bangkok")?.toISOString()).toBe("2026-04-30T17:30:00.000Z");
    expect(wallTimeToUtc("2026-05-01T09:00", "UTC")?.toISOString()).toBe("2026-05-01T09:00:00.000Z");
    expect(utcToWallTime(new Date("2026-05-01T06:00:00Z"), "Africa/Nairobi")).toBe("2026-05-01T09:00");
    expect(utcToWallTime(new Date("2026-04-30T17:30:00Z"), "Asia/Bangkok")).toBe("2026-05-01T00:30");
  });

  it("follows daylight saving where a zone has it", () => {
    // No zone Lango sells in today changes its clocks, but a zone that does must still convert right.
    expect(wallTimeToUtc("2026-07-01T09:00", "America/New_York")?.toISOString()).toBe("2026-07-01T13:00:00.000Z");
    expect(wallTimeToUtc("2026-01-15T09:00", "America/New_York")?.toISOString()).toBe("2026-01-15T14:00:00.000Z");
    // 02:30 on 8 March 2026 never happens in New York (clocks jump from 02:00 to 03:00).
    expect(wallTimeToUtc("2026-03-08T02:30", "America/New_York")).toBeNull();
    // 01:30 on 1 November 2026 happens twice: the first one (still daylight time) is taken.
    expect(wallTimeToUtc("2026-11-01T01:30", "America/New_York")?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
  });

  it("round-trips every hour of a day across a change of offset", () => {
    for (let h = 0; h < 48; h++) {
      const instant = new Date(Date.UTC(2026, 2, 28, h));
      const wall = utcToWallTime(instant, "Europe/London");
      const back = wallTimeToUtc(wall, "Europe/London")!;
      // A repeated wall hour maps to its first occurrence, never to a different wall time.
      expect(utcToWallTime(back, "Europe/London")).toBe(wall);
    }
  });

  it("refuses dates that do not exist and malformed text", () => {
    expect(wallTimeToUtc("2026-02-30T09:00", "Africa/Nairobi")).toBeNull();
    expect(wallTimeToUtc("2026-04-01T24:00", "Africa/Nairobi")).toBeNull();
    expect(wallTimeToUtc("1 May 2026 9am", "Africa/Nairobi")).toBeNull();
    expect(wallTimeToUtc("", "Africa/Nairobi")).toBeNull();
  });

  it("knows IANA zones and refuses everything else", () => {
    expect(isTimeZone("Africa/Dar_es_Salaam")).toBe(true);
    expect(isTimeZone("America/Argentina/Buenos_Aires")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Africa/Atlantis")).toBe(false);
    expect(isTimeZone("+03:00")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});

describe("issue 18: dates in the page's language", () => {
  const iso = "2026-12-23T06:00:00Z";

  it("writes Kiswahili day and month names for Kenya and Tanzania, on the 24-hour clock, with the zone as EAT", () => {
    expect(formatEventDateTime(iso, "Africa/Nairobi", "KE", "sw")).toBe("Jumatano, 23 Des 2026, 09:00 EAT");
    expect(formatEventDateTime(iso, "Africa/Dar_es_Salaam", "TZ", "sw")).toBe("Jumatano, 23 Des 2026, 09:00 EAT");
    expect(formatDeadline(iso, "Africa/Nairobi", "KE", new Date("2026-12-20T06:00:00Z"), "sw")).toBe(
      "Jumatano, 23 Des, 09:00 EAT",
    );
    expect(formatDeadline(iso, "Africa/Nairobi", "KE", new Date("2026-12-23T05:00:00Z"), "sw")).toBe("09:00 EAT");
  });

  it("keeps English exactly as before, with or without the language given", () => {
    expect(formatEventDateTime(iso, "Africa/Kampala", "UG", "en")).toBe(
      formatEventDateTime(iso, "Africa/Kampala", "UG"),
    );
    expect(formatEventDateTime(iso, "Africa/Kampala", "UG")).toBe("Wed, 23 Dec 2026, 09:00 EAT");
  });
});
