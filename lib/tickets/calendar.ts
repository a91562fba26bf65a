import type { Locale } from "../i18n/config";

/** RFC 5545 text: backslash, semicolon, comma and newlines escaped. */
const esc = (s: string) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

/** Long lines are folded at 75 octets with CRLF + space, as calendar apps expect. */
function fold(line: string): string {
  const bytes = Buffer.from(line, "utf8");
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + (start === 0 ? 75 : 74), bytes.length);
    while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--; // never split a UTF-8 character
    parts.push(bytes.subarray(start, end).toString("utf8"));
    start = end;
  }
  return parts.join("\r\n ");
}

/**
 * A one-event calendar file ("Add to calendar") for an order, in the order's language: `LANGUAGE` tells
 * the calendar app which language the title and note are in, and `ticketsLine` is the note's last line
 * ("Your tickets: …") from the ics messages.
 */
export function eventCalendar(
  e: {
    lang: Locale;
    ticketsLine: string;
    uid: string;
    name: string;
    description: string;
    venue: string;
    city: string;
    startsAt: Date;
    endsAt: Date;
    url: string;
  },
  now = new Date(),
): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Lango//Tickets//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${e.uid}`,
    `DTSTAMP:${stamp(now)}`,
    `DTSTART:${stamp(e.startsAt)}`,
    `DTEND:${stamp(e.endsAt)}`,
    `SUMMARY;LANGUAGE=${e.lang}:${esc(e.name)}`,
    `LOCATION:${esc(`${e.venue}, ${e.city}`)}`,
    `DESCRIPTION;LANGUAGE=${e.lang}:${esc(`${e.description}\n\n${e.ticketsLine}`)}`,
    `URL:${e.url}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(fold).join("\r\n") + "\r\n";
}
