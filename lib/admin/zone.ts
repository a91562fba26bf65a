import { isTimeZone } from "../dates";

/**
 * The zone the admin writes times in where a page spans events (order, payment, callback and e-mail lists,
 * the dashboard): one zone, named once per page, instead of UTC here and Nairobi there. Pages about one
 * event use that event's zone. A bad value is refused at start (lib/env.ts); here it just falls back.
 */
export function organiserTimeZone(env: Record<string, string | undefined> = process.env): string {
  const zone = env.ORGANISER_TIME_ZONE?.trim();
  return zone && isTimeZone(zone) ? zone : "Africa/Nairobi";
}

/** "2026-12-05 14:05" in the zone: sortable, 24-hour, short enough for a table cell. */
export function formatAdminTime(at: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "EAT (Africa/Nairobi)": how a page names its zone, once. */
export function zoneCaption(timeZone: string): string {
  const short = new Intl.DateTimeFormat("en-KE", { timeZone, timeZoneName: "short" })
    .formatToParts(new Date())
    .find((x) => x.type === "timeZoneName")?.value;
  return short && short !== timeZone ? `${short} (${timeZone})` : timeZone;
}
