import { z } from "zod";

/**
 * Shared pieces of the admin lists' query-string filters. A GET form sends every field, empty ones as
 * "", and a hand-edited URL can repeat a key: both read as "not set" / the first value.
 */

export type SearchParams = Record<string, string | string[] | undefined>;

export const PAGE_SIZE = 50;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const blankToUndefined = (v: unknown) => {
  const s = first(v);
  return typeof s === "string" && s.trim() === "" ? undefined : s;
};

/** An optional query-string value run through `schema` once it is present and not blank. */
export const optionalParam = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/**
 * A search box's text. Control characters are dropped: nobody types them, and PostgreSQL refuses a NUL
 * byte outright (a 500 where the admin should see results).
 */
export const searchText = z
  .string()
  .transform((s) => s.replace(/\p{Cc}/gu, ""))
  .pipe(z.string().trim().max(100, "At most 100 characters."));

export { likeLiteral } from "../db/like";

/** A checkbox: present ("1", "on", "true") or not. */
export const flagParam = z.preprocess(
  (v) => {
    const s = blankToUndefined(v);
    return s === undefined ? false : s;
  },
  z.union([z.literal(false), z.enum(["1", "on", "true"]).transform(() => true)], {
    error: "Tick the box or leave it empty.",
  }),
);

/** Cursor for "older" pages: the id of the last row shown. */
export const cursorParam = optionalParam(
  z
    .string()
    .max(64, "That page link is not valid.")
    .regex(/^[A-Za-z0-9_-]+$/, "That page link is not valid."),
);

export const dayParam = optionalParam(
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "Enter a date as YYYY-MM-DD.", abort: true })
    .refine(
      (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
      "That date does not exist.",
    ),
);

/** The UTC instant at which `day` (YYYY-MM-DD) begins in `timeZone`. */
export function startOfDayIn(day: string, timeZone: string): Date {
  const guess = Date.parse(`${day}T00:00:00Z`);
  // The zone's offset at that moment; a second pass settles days on which the offset changes.
  let at = guess - offsetMs(guess, timeZone);
  at = guess - offsetMs(at, timeZone);
  return new Date(at);
}

function offsetMs(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return local - Math.floor(at / 1000) * 1000;
}

/** Readable lines for a failed parse: "Status: …". */
export function filterErrors(error: z.ZodError, labels: Record<string, string>): string[] {
  return error.issues.map((i) => {
    const key = String(i.path[0] ?? "");
    return labels[key] ? `${labels[key]}: ${i.message}` : i.message;
  });
}

/** One page of rows fetched with `take: PAGE_SIZE + 1`: the extra row only says there is another page. */
export function pageOf<T extends { id: string }>(
  rows: T[],
  size = PAGE_SIZE,
): { rows: T[]; nextCursor: string | null } {
  const more = rows.length > size;
  const shown = more ? rows.slice(0, size) : rows;
  return { rows: shown, nextCursor: more ? shown[shown.length - 1].id : null };
}

/** The query string for the same filters with one value changed (or removed). */
export function withParam(
  params: Record<string, string | boolean | undefined>,
  key: string,
  value: string | undefined,
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, [key]: value })) {
    if (v === undefined || v === false || v === "") continue;
    q.set(k, v === true ? "1" : v);
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}
