import "server-only";
import type { Db } from "../db/client";
import { gatewayLabel } from "../documents/labels";
import { AppError, notFound } from "../errors";
import { minorUnitDigits, toMajorUnits } from "../money";
import { loadQuestions } from "../questions/answers";
import { answerText, storedAnswers, type PublicQuestion } from "../questions/schemas";
import { csvLines, csvStream, type CsvValue } from "./csv";

export const EXPORT_KINDS = ["orders", "attendees", "checkins"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Rows fetched per query: a 50,000-row export is a hundred small reads, never one big one. */
const BATCH = 500;

/** "2026-05-01 09:00:00" in the event's zone (Excel reads it as a date); the zone is in the header. */
function localTime(date: Date | null | undefined, timeZone: string): string {
  if (!date) return "";
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

const major = (minor: number, currency: string) => toMajorUnits(minor, currency).toFixed(minorUnitDigits(currency));

/** Keyset pages by id in a stable order, so rows added during the download neither repeat nor shift. */
async function* pages<T extends { id: string }>(
  fetchPage: (cursor: string | undefined) => Promise<T[]>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await fetchPage(cursor);
    yield* rows;
    if (rows.length < BATCH) return;
    cursor = rows[rows.length - 1].id;
  }
}

const after = (cursor: string | undefined) => ({ cursor: cursor ? { id: cursor } : undefined, skip: cursor ? 1 : 0 });

async function* orderRows(db: Db, eventId: string, tz: string): AsyncGenerator<CsvValue[]> {
  const rows = pages((cursor) =>
    db.order.findMany({
      where: { eventId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: BATCH,
      ...after(cursor),
      include: {
        payments: {
          where: { status: { in: ["succeeded", "refunded"] } },
          orderBy: { succeededAt: "asc" },
          take: 1,
          select: { gateway: true, gatewayReceipt: true },
        },
      },
    }),
  );
  for await (const o of rows) {
    const p = o.payments[0];
    yield [
      o.reference,
      o.status,
      o.buyerName,
      o.buyerEmail,
      o.buyerPhone,
      major(o.totalMinor, o.currency),
      o.currency,
      p ? gatewayLabel(p.gateway) : "",
      p?.gatewayReceipt ?? "",
      localTime(o.createdAt, tz),
      localTime(o.paidAt, tz),
    ];
  }
}

/** One column per checkout question: an order question's answer is repeated on each of its tickets. */
async function* attendeeRows(
  db: Db,
  eventId: string,
  tz: string,
  questions: readonly PublicQuestion[],
): AsyncGenerator<CsvValue[]> {
  const rows = pages((cursor) =>
    db.ticket.findMany({
      where: { eventId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: BATCH,
      ...after(cursor),
      include: {
        ticketType: { select: { name: true } },
        booth: { select: { code: true } },
        order: { select: { reference: true, answers: true } },
      },
    }),
  );
  for await (const t of rows) {
    const answers = { ...storedAnswers(t.order.answers), ...storedAnswers(t.answers) };
    const type = t.ticketType?.name ?? (t.booth ? `Exhibitor pass (booth ${t.booth.code})` : "");
    yield [
      t.id,
      t.attendeeName,
      type,
      t.order.reference,
      t.status,
      localTime(t.checkedInAt, tz),
      t.checkedInGate ?? "",
      ...questions.map((q) => answerText(answers[q.id])),
    ];
  }
}

async function* checkInRows(db: Db, eventId: string, tz: string): AsyncGenerator<CsvValue[]> {
  const rows = pages((cursor) =>
    db.checkIn.findMany({
      where: { eventId },
      orderBy: [{ scannedAt: "asc" }, { id: "asc" }],
      take: BATCH,
      ...after(cursor),
      include: { user: { select: { email: true } }, ticket: { select: { id: true, attendeeName: true } } },
    }),
  );
  for await (const c of rows) {
    yield [
      localTime(c.scannedAt, tz),
      c.result,
      c.gate ?? "",
      c.deviceId ?? "",
      c.user?.email ?? "",
      c.offline ? "yes" : "no",
      c.ticket?.id ?? "",
      c.ticket?.attendeeName ?? "",
    ];
  }
}

const zoned = (label: string, tz: string) => `${label} (${tz})`;

const EXPORTS: Record<
  ExportKind,
  {
    header: (tz: string, questions: readonly PublicQuestion[]) => string[];
    rows: (db: Db, eventId: string, tz: string, questions: readonly PublicQuestion[]) => AsyncIterable<CsvValue[]>;
  }
> = {
  orders: {
    header: (tz) => [
      "Reference",
      "Status",
      "Buyer",
      "E-mail",
      "Phone",
      "Total",
      "Currency",
      "Gateway",
      "Receipt",
      zoned("Created", tz),
      zoned("Paid", tz),
    ],
    rows: orderRows,
  },
  attendees: {
    header: (tz, questions) => [
      "Ticket ID",
      "Attendee",
      "Ticket type",
      "Order reference",
      "Status",
      zoned("Checked in at", tz),
      "Gate",
      ...questions.map((q) => q.label),
    ],
    rows: attendeeRows,
  },
  checkins: {
    header: (tz) => [
      zoned("Scanned at", tz),
      "Result",
      "Gate",
      "Device",
      "Staff e-mail",
      "Offline",
      "Ticket ID",
      "Attendee",
    ],
    rows: checkInRows,
  },
};

export function isExportKind(kind: string): kind is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(kind);
}

/** One event's orders, attendees or gate scans as a streamed CSV file, with the file name to save it as. */
export async function exportCsv(
  db: Db,
  kind: string,
  eventId: string,
  now = new Date(),
): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  if (!isExportKind(kind)) throw notFound("not_found", `There is no "${kind}" export. Try ${EXPORT_KINDS.join(", ")}.`);
  if (!eventId || eventId.length > 40)
    throw new AppError("invalid_input", "Choose an event (eventId).", { eventId: "Choose an event." });
  const event = await db.event.findUnique({ where: { id: eventId }, select: { slug: true, timezone: true } });
  if (!event) throw notFound("event_not_found", "There is no such event.");
  const spec = EXPORTS[kind];
  const questions = kind === "attendees" ? await loadQuestions(db, eventId) : [];
  const lines = csvLines(spec.header(event.timezone, questions), spec.rows(db, eventId, event.timezone, questions));
  const body = csvStream(lines, (err) =>
    console.error(
      JSON.stringify({ level: "error", msg: "CSV export failed mid-stream", kind, eventId, err: String(err) }),
    ),
  );
  return { filename: `${event.slug}-${kind}-${now.toISOString().slice(0, 10)}.csv`, body };
}
