import { describe, expect, it } from "vitest";
import { formatAdminTime, organiserTimeZone, zoneCaption } from "./zone";

describe("admin times in one zone, named once", () => {
  it("writes an instant in the organiser's zone, 24-hour and sortable", () => {
    // 22:30 UTC on the 14th is 01:30 on the 15th in Nairobi: the admin sees the day the buyer lived.
    expect(formatAdminTime(new Date("2026-06-14T22:30:00Z"), "Africa/Nairobi")).toBe("2026-06-15 01:30");
    expect(formatAdminTime(new Date("2026-06-14T22:30:00Z"), "Asia/Bangkok")).toBe("2026-06-15 05:30");
  });

  it("uses ORGANISER_TIME_ZONE, and Nairobi when it is unset or not a zone", () => {
    expect(organiserTimeZone({ ORGANISER_TIME_ZONE: "Africa/Dar_es_Salaam" })).toBe("Africa/Dar_es_Salaam");
    expect(organiserTimeZone({})).toBe("Africa/Nairobi");
    expect(organiserTimeZone({ ORGANISER_TIME_ZONE: "+03:00" })).toBe("Africa/Nairobi");
  });

  it("names East Africa Time EAT, never GMT+3 on one page and EAT on another", () => {
    expect(zoneCaption("Africa/Nairobi")).toBe("EAT (Africa/Nairobi)");
    expect(zoneCaption("Africa/Kampala")).toBe("EAT (Africa/Kampala)");
  });
});
