/**
 * Dates as the region writes them, always in the event's own time zone (a buyer in Nairobi looking at a
 * Dar es Salaam event sees Dar es Salaam time), with the zone named ("EAT"), in the page's language
 * (`lang`, English when not given): en-KE/en-TZ/en-UG or sw-KE/sw-TZ by the event's country.
 */
function localeFor(country?: string, lang = "en"): string {
  const base = lang === "en" ? "en-GB" : lang;
  if (!country) return base;
  const candidate = `${lang}-${country.toUpperCase()}`;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(candidate).length && dayFirst(candidate) ? candidate : base;
  } catch {
    return base;
  }
}

/**
 * Where Lango sells, people write the day before the month. Some English locales (en-TH, en-PH) fall back
 * to the American "Dec 23", which a Bangkok buyer reads no better than "23 Dec": those take en-GB's order.
 */
const dayFirstCache = new Map<string, boolean>();
function dayFirst(locale: string): boolean {
  const known = dayFirstCache.get(locale);
  if (known !== undefined) return known;
  const parts = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).formatToParts(
    new Date(Date.UTC(2026, 11, 23)),
  );
  const answer = parts.findIndex((p) => p.type === "day") < parts.findIndex((p) => p.type === "month");
  dayFirstCache.set(locale, answer);
  return answer;
}

/**
 * Formats in the page's language, but names the zone as people know it: ICU writes "GMT +3" in
 * Kiswahili, where buyers (and M-Pesa's own SMS) say "EAT", so the zone is always the English short
 * name (docs/kiswahili-glossary.md).
 */
function format(iso: string, options: Intl.DateTimeFormatOptions, country?: string, lang?: string): string {
  const date = new Date(iso);
  const parts = new Intl.DateTimeFormat(localeFor(country, lang), options).formatToParts(date);
  if (!options.timeZoneName || !lang || lang === "en") return parts.map((p) => p.value).join("");
  const zone = new Intl.DateTimeFormat(localeFor(country), options)
    .formatToParts(date)
    .find((p) => p.type === "timeZoneName")?.value;
  return parts.map((p) => (p.type === "timeZoneName" && zone ? zone : p.value)).join("");
}

const CLOCK = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" } as const;

/** "Tue, 23 Dec 2025, 09:00 EAT" ("Jumanne, 23 Des 2025, 09:00 EAT" in Kiswahili) */
export function formatEventDateTime(iso: string, timeZone: string, country?: string, lang?: string): string {
  return format(
    iso,
    { timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric", ...CLOCK },
    country,
    lang,
  );
}

/**
 * When an event runs, start to end, saying the shared parts once: "Tue, 23 Dec 2025, 09:00–18:00 EAT"
 * for one day, "Tue, 23 Dec 2025, 09:00 EAT – Wed, 24 Dec 2025, 18:00 EAT" for several (Intl.formatRange).
 */
export function formatEventRange(
  startIso: string,
  endIso: string,
  timeZone: string,
  country?: string,
  lang?: string,
): string {
  const options = {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    ...CLOCK,
  } as const;
  const range = (locale: string) =>
    new Intl.DateTimeFormat(locale, options).formatRangeToParts(new Date(startIso), new Date(endIso));
  const parts = range(localeFor(country, lang));
  if (!lang || lang === "en") return parts.map((p) => p.value).join("");
  // The zone as people know it ("EAT", not ICU's Kiswahili "GMT +3"), as format() does.
  const zone = range(localeFor(country)).find((p) => p.type === "timeZoneName")?.value;
  return parts.map((p) => (p.type === "timeZoneName" && zone ? zone : p.value)).join("");
}

/** "23 Dec, 09:00 EAT" — for sale windows, where the year is obvious. */
export function formatShortDateTime(iso: string, timeZone: string, country?: string, lang?: string): string {
  return format(iso, { timeZone, day: "numeric", month: "short", ...CLOCK }, country, lang);
}

/**
 * A deadline as one unambiguous phrase: "18:30 EAT" when it falls later today in the event's zone, else
 * with its day ("Mon 7 Dec, 00:37 EAT"), so a 48-hour desk hold never reads as a time today.
 */
export function formatDeadline(
  iso: string,
  timeZone: string,
  country?: string,
  now = new Date(),
  lang?: string,
): string {
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone, dateStyle: "short" }).format(d);
  if (day(new Date(iso)) === day(now)) return formatTime(iso, timeZone, country, lang);
  return format(iso, { timeZone, weekday: "short", day: "numeric", month: "short", ...CLOCK }, country, lang);
}

/** "09:00 EAT" */
export function formatTime(iso: string, timeZone: string, country?: string, lang?: string): string {
  return format(iso, { timeZone, ...CLOCK }, country, lang);
}

/** Whether a string names an IANA time zone ("Africa/Nairobi", "UTC"); raw offsets are not zones. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

function wallParts(instant: number, timeZone: string) {
  let f = wallFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    wallFormatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return {
    year: +parts.year,
    month: +parts.month,
    day: +parts.day,
    hour: +parts.hour,
    minute: +parts.minute,
    second: +parts.second,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (Africa/Nairobi: +3 h). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const p = wallParts(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The UTC instant of a wall-clock time in a zone ("2026-05-01T09:00" in Africa/Nairobi → 06:00Z), or
 * null when the text is not a real date and time or the time does not exist there (skipped when clocks
 * go forward). A time that happens twice (clocks going back) is the earlier one.
 */
export function wallTimeToUtc(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second = 0] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  // Date.UTC rolls 31 April over to 1 May; a typed date must exist as written.
  if (
    year < 1970 ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  // The offset a day either side covers both readings of a wall time near a change of offset.
  const candidates = [
    ...new Set([wall - zoneOffsetMs(wall - DAY_MS, timeZone), wall - zoneOffsetMs(wall + DAY_MS, timeZone)]),
  ]
    .filter((c) => c + zoneOffsetMs(c, timeZone) === wall)
    .sort((a, b) => a - b);
  return candidates.length ? new Date(candidates[0]) : null;
}

/** An instant as a datetime-local value in the zone ("2026-05-01T09:00"), for a form's default. */
export function utcToWallTime(instant: Date, timeZone: string): string {
  const p = wallParts(instant.getTime(), timeZone);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}
