/**
 * Dates as the region writes them, always in the event's own time zone (a buyer in Nairobi looking at a
 * Dar es Salaam event sees Dar es Salaam time), with the zone named ("EAT").
 */
function localeFor(country?: string): string {
  if (!country) return "en-GB";
  const candidate = `en-${country.toUpperCase()}`;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(candidate).length ? candidate : "en-GB";
  } catch {
    return "en-GB";
  }
}

/** "Tue, 23 Dec 2025, 09:00 EAT" */
export function formatEventDateTime(iso: string, timeZone: string, country?: string): string {
  return new Intl.DateTimeFormat(localeFor(country), {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(new Date(iso));
}

/** "23 Dec, 09:00 EAT" — for sale windows, where the year is obvious. */
export function formatShortDateTime(iso: string, timeZone: string, country?: string): string {
  return new Intl.DateTimeFormat(localeFor(country), {
    timeZone,
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(new Date(iso));
}

/** "09:00 EAT" */
export function formatTime(iso: string, timeZone: string, country?: string): string {
  return new Intl.DateTimeFormat(localeFor(country), {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(new Date(iso));
}
