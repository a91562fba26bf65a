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

/** Buyers type local numbers; the hint shows the shape for the event's country. */
export function phoneHint(country: string): string {
  switch (country.toUpperCase()) {
    case "KE":
      return "e.g. 0712 345 678. We send M-Pesa prompts and updates to this number.";
    case "TZ":
      return "e.g. 0754 123 456. We send mobile-money prompts and updates to this number.";
    case "UG":
      return "e.g. 0772 123 456. We send mobile-money prompts and updates to this number.";
    case "RW":
      return "e.g. 0788 123 456. We send mobile-money prompts and updates to this number.";
    default:
      return "Include your country code, e.g. +254 712 345 678.";
  }
}

export function pluralize(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
