import { describe, expect, it } from "vitest";
import { majorUnitsInput, parseMajorUnits } from "../money";
import { eventFormValues, eventSchema, priceSchema, ticketTypeFormValues, ticketTypeSchema } from "./event-schemas";

const event = {
  slug: "kampala-music-night",
  name: "Kampala Music Night",
  description: "",
  venue: "Lugogo Cricket Oval",
  city: "Kampala",
  country: "UG",
  currency: "UGX",
  timezone: "Africa/Kampala",
  startsAt: "2026-08-01T18:00",
  endsAt: "2026-08-01T23:30",
};

const fieldErrors = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((r.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("event input", () => {
  it("reads the form's strings: times in the event's zone become UTC, numbers default", () => {
    const parsed = eventSchema.parse({
      ...event,
      slug: "  Kampala-Music-Night ",
      holdMinutes: "",
      exhibitorEditDeadline: "",
    });
    expect(parsed).toMatchObject({
      slug: "kampala-music-night",
      startsAt: new Date("2026-08-01T15:00:00Z"),
      endsAt: new Date("2026-08-01T20:30:00Z"),
      holdMinutes: 15,
      offlinePaymentHours: 48,
      exhibitorEditDeadline: null,
    });
    expect(eventSchema.parse({ ...event, holdMinutes: "30", exhibitorEditDeadline: "2026-07-25T17:00" })).toMatchObject(
      {
        holdMinutes: 30,
        exhibitorEditDeadline: new Date("2026-07-25T14:00:00Z"),
      },
    );
  });

  it("says what is wrong with each field", () => {
    expect(
      fieldErrors(
        eventSchema.safeParse({ ...event, slug: "music night!", name: " ", country: "US", holdMinutes: "2" }),
      ),
    ).toEqual({
      slug: expect.stringContaining("lowercase letters, digits and single dashes"),
      name: "Enter the event's name.",
      country: expect.stringContaining("KE, TZ, UG, RW, ZM"),
      holdMinutes: "Must be at least 5.",
    });
    expect(fieldErrors(eventSchema.safeParse({ ...event, timezone: "Africa/Atlantis" }))).toEqual({
      timezone: expect.stringContaining("time zone"),
    });
    expect(fieldErrors(eventSchema.safeParse({ ...event, startsAt: "tomorrow" }))).toEqual({
      startsAt: "Enter a date and time.",
    });
  });

  it("wants the end after the start and a currency sold in the country", () => {
    expect(fieldErrors(eventSchema.safeParse({ ...event, endsAt: "2026-08-01T18:00" }))).toEqual({
      endsAt: "The event must end after it starts.",
    });
    expect(fieldErrors(eventSchema.safeParse({ ...event, currency: "KES" }))).toEqual({
      currency: "Events in Uganda are sold in UGX or USD.",
    });
    expect(eventSchema.parse({ ...event, currency: "usd" }).currency).toBe("USD");
    // Every problem at once, not one round trip per mistake.
    expect(
      fieldErrors(eventSchema.safeParse({ ...event, slug: "bad slug", currency: "KES", endsAt: "2026-08-01T17:00" })),
    ).toEqual({
      slug: expect.any(String),
      currency: "Events in Uganda are sold in UGX or USD.",
      endsAt: "The event must end after it starts.",
    });
    expect(fieldErrors(eventSchema.safeParse({ ...event, timezone: "Nowhere/City", startsAt: "soon" }))).toEqual({
      timezone: expect.any(String),
      startsAt: "Enter a date and time.",
    });
    expect(eventSchema.parse({ ...event, country: "TH", currency: "THB", timezone: "Asia/Bangkok" }).startsAt).toEqual(
      new Date("2026-08-01T11:00:00Z"),
    );
  });
});

describe("prices typed in major units", () => {
  it("converts with the currency's exponent, without floating-point drift", () => {
    expect(parseMajorUnits("2500", "KES")).toBe(250000);
    expect(parseMajorUnits("2,500.5", "KES")).toBe(250050);
    expect(parseMajorUnits("0.29", "USD")).toBe(29);
    expect(parseMajorUnits("25,000", "UGX")).toBe(25000);
    expect(parseMajorUnits("25000.5", "UGX")).toBeNull();
    expect(parseMajorUnits("1.005", "KES")).toBeNull();
    expect(parseMajorUnits("25,00", "KES")).toBeNull();
    expect(parseMajorUnits("abc", "KES")).toBeNull();
    expect(majorUnitsInput(250000, "KES")).toBe("2500");
    expect(majorUnitsInput(250005, "KES")).toBe("2500.05");
    expect(majorUnitsInput(25000, "UGX")).toBe("25000");
  });

  it("explains a price it refuses", () => {
    const kes = priceSchema("KES");
    expect(kes.parse("1,500.50")).toBe(150050);
    expect(kes.parse(1500.5)).toBe(150050);
    expect(kes.safeParse("-100").error?.issues[0].message).toBe("The price cannot be negative.");
    expect(kes.safeParse(-1).error?.issues[0].message).toBe("The price cannot be negative.");
    // Free tickets: an order of them is confirmed at once, without a gateway (issue 15).
    expect(kes.parse("0")).toBe(0);
    expect(kes.safeParse("12.345").error?.issues[0].message).toBe("Enter an amount in KES, like 2500 or 2500.50.");
    expect(priceSchema("UGX").safeParse("100.5").error?.issues[0].message).toBe(
      "Enter a whole amount in UGX, like 25000.",
    );
    expect(kes.safeParse("99999999999").error?.issues[0].message).toBe("That price is too large.");
  });
});

describe("ticket type input", () => {
  const schema = ticketTypeSchema({ currency: "KES", timezone: "Africa/Nairobi" });
  const base = { name: "Regular", price: "2500", capacity: "400" };

  it("takes the event's currency and reads the sales window in the event's zone", () => {
    expect(
      schema.parse({ ...base, salesStartAt: "2026-04-01T00:00", salesEndAt: "2026-05-01T09:00", hidden: "on" }),
    ).toEqual({
      name: "Regular",
      description: null,
      priceMinor: 250000,
      currency: "KES",
      capacity: 400,
      maxPerOrder: 10,
      sortOrder: undefined,
      salesStartAt: new Date("2026-03-31T21:00:00Z"),
      salesEndAt: new Date("2026-05-01T06:00:00Z"),
      hidden: true,
      // No Kiswahili name or description typed (issue 18).
      translations: {},
    });
    expect(schema.parse({ ...base, salesStartAt: "", salesEndAt: "" })).toMatchObject({
      salesStartAt: null,
      salesEndAt: null,
      hidden: false,
    });
  });

  it("refuses nonsense field by field", () => {
    expect(fieldErrors(schema.safeParse({ name: "", price: "-1", capacity: "1.5", maxPerOrder: "0" }))).toEqual({
      name: "Enter a name.",
      price: "The price cannot be negative.",
      capacity: "Enter the capacity as a whole number.",
      maxPerOrder: "Must be at least 1.",
    });
    expect(fieldErrors(schema.safeParse({ ...base, capacity: "lots" }))).toEqual({
      capacity: "Enter the capacity as a whole number.",
    });
    expect(
      fieldErrors(schema.safeParse({ ...base, salesStartAt: "2026-05-01T09:00", salesEndAt: "2026-05-01T08:00" })),
    ).toEqual({
      salesEndAt: "Sales must end after they start.",
    });
  });
});

describe("saved values back in the forms", () => {
  it("shows an event and a ticket type as they were typed, so saving unchanged changes nothing", () => {
    const saved = { id: "e1", ...eventSchema.parse({ ...event, exhibitorEditDeadline: "2026-07-25T17:00" }) };
    const values = eventFormValues(saved);
    expect(values).toMatchObject({
      startsAt: "2026-08-01T18:00",
      endsAt: "2026-08-01T23:30",
      exhibitorEditDeadline: "2026-07-25T17:00",
      holdMinutes: "15",
    });
    expect(eventSchema.parse(values)).toEqual(
      eventSchema.parse({ ...event, exhibitorEditDeadline: "2026-07-25T17:00" }),
    );

    const schema = ticketTypeSchema({ currency: "KES", timezone: "Africa/Nairobi" });
    const tt = {
      ...schema.parse({ name: "VIP", price: "7500.50", capacity: "50", salesEndAt: "2026-05-01T09:00", hidden: "on" }),
      sortOrder: 2,
    };
    const ttValues = ticketTypeFormValues(tt, "Africa/Nairobi");
    expect(ttValues).toMatchObject({
      price: "7500.50",
      salesStartAt: "",
      salesEndAt: "2026-05-01T09:00",
      hidden: "on",
      sortOrder: "2",
    });
    expect(schema.parse(ttValues)).toEqual(tt);
  });
});

describe("issue 18: the organiser's Kiswahili texts", () => {
  it("keeps the Kiswahili name and description in translations, not in columns of their own, and reads them back", () => {
    const parsed = eventSchema.parse({
      ...event,
      name_sw: " Usiku wa Muziki Kampala ",
      description_sw: "Muziki wa moja kwa moja kando ya ziwa.",
    });
    expect(parsed.translations).toEqual({
      sw: { name: "Usiku wa Muziki Kampala", description: "Muziki wa moja kwa moja kando ya ziwa." },
    });
    expect(parsed).not.toHaveProperty("name_sw");
    expect(parsed.name).toBe("Kampala Music Night");
    const values = eventFormValues({
      ...parsed,
      id: "e1",
      holdMinutes: 15,
      offlinePaymentHours: 48,
    });
    expect(values).toMatchObject({
      name_sw: "Usiku wa Muziki Kampala",
      description_sw: "Muziki wa moja kwa moja kando ya ziwa.",
    });
  });

  it("stores no translation for blank fields, and holds translations to the same lengths", () => {
    expect(eventSchema.parse({ ...event, name_sw: "  ", description_sw: "" }).translations).toEqual({});
    expect(fieldErrors(eventSchema.safeParse({ ...event, name_sw: "x".repeat(121) }))).toEqual({
      name_sw: "At most 120 characters.",
    });
    const ticket = ticketTypeSchema({ currency: "UGX", timezone: "Africa/Kampala" }).parse({
      name: "Regular",
      price: "25000",
      capacity: "100",
      name_sw: "Kawaida",
    });
    expect(ticket).toMatchObject({ name: "Regular", translations: { sw: { name: "Kawaida" } } });
  });
});
