import { expect, it } from "vitest";
import { eventCalendar } from "./calendar";

it("writes an RFC 5545 event: CRLF lines, UTC times, escaped text, folded long lines", () => {
  const ics = eventCalendar(
    {
      lang: "en",
      ticketsLine: "Your tickets: https://t.example/tickets/x",
      uid: "LG1@lango",
      name: "Tech; Summit, 2026",
      description: "Talks\nand demos ".repeat(10),
      venue: "KICC",
      city: "Nairobi",
      startsAt: new Date("2026-12-23T06:00:00Z"),
      endsAt: new Date("2026-12-24T15:00:00Z"),
      url: "https://t.example/tickets/x",
    },
    new Date("2026-11-22T10:00:00Z"),
  );
  expect(ics.endsWith("\r\n")).toBe(true);
  expect(ics.split("\r\n").every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
  expect(ics).toContain("DTSTART:20261223T060000Z");
  expect(ics).toContain("DTEND:20261224T150000Z");
  expect(ics).toContain("SUMMARY;LANGUAGE=en:Tech\\; Summit\\, 2026");
  expect(ics.replace(/\r\n /g, "")).toContain("DESCRIPTION;LANGUAGE=en:Talks\\nand demos");
  expect(ics.replace(/\r\n /g, "")).toContain("\\n\\nYour tickets: https://t.example/tickets/x");
  expect(ics).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2.0/);
});
