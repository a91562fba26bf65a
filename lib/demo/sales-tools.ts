import "server-only";
import type { Db } from "../db/client";
import { loadQuestions } from "../questions/answers";
import { questionApplies, type Answers } from "../questions/schemas";

const DAY = 24 * 60 * 60_000;
const SIZES = ["S", "M", "L", "XL"];

/**
 * The demo's waiting list and checkout questions (issue 15): Nairobi Tech Summit gets a small "Workshop
 * day" (the demo sales leave 2 of its 12 seats, so one more order sells it out and opens its waiting
 * list), an optional "Company" question per order and a "T-shirt size" per Regular and VIP attendee.
 * Made with the demo sales, not with the events, so tests of plain orders are not asked for sizes.
 */
export async function seedDemoSalesTools(db: Db, now: Date): Promise<void> {
  const event = await db.event.findUnique({
    where: { slug: "nairobi-tech-summit" },
    include: { ticketTypes: true },
  });
  if (!event) return;
  if (!event.ticketTypes.some((t) => t.name === "Workshop day")) {
    await db.ticketType.create({
      data: {
        eventId: event.id,
        name: "Workshop day",
        description: "Hands-on workshops the day before the summit: M-Pesa APIs, USSD and AI. Small groups.",
        translations: {
          sw: {
            name: "Siku ya warsha",
            description:
              "Warsha za vitendo siku moja kabla ya mkutano: API za M-Pesa, USSD na akili bandia. Vikundi vidogo.",
          },
        },
        priceMinor: 3_000_00,
        currency: event.currency,
        capacity: 12,
        maxPerOrder: 4,
        sortOrder: event.ticketTypes.length,
        salesStartAt: new Date(now.getTime() - 14 * DAY),
        salesEndAt: event.startsAt,
      },
    });
  }
  if ((await db.checkoutQuestion.count({ where: { eventId: event.id } })) > 0) return;
  const typeIds = event.ticketTypes.filter((t) => t.name === "Regular" || t.name === "VIP").map((t) => t.id);
  await db.checkoutQuestion.createMany({
    data: [
      {
        eventId: event.id,
        label: "Company",
        kind: "text",
        scope: "order",
        required: false,
        sortOrder: 0,
        translations: { sw: { label: "Kampuni" } },
      },
      {
        eventId: event.id,
        label: "T-shirt size",
        kind: "choice",
        options: SIZES,
        translations: { sw: { label: "Saizi ya fulana" } },
        scope: "attendee",
        required: true,
        ticketTypeIds: typeIds,
        sortOrder: 1,
      },
    ],
  });
}

/** Attendees answering the event's required attendee questions (a size each), for a demo sale. */
export async function demoAttendees(
  db: Db,
  eventId: string,
  ticketTypeId: string,
  quantity: number,
  seed: number,
): Promise<{ name: string; answers: Answers }[] | undefined> {
  const asked = (await loadQuestions(db, eventId)).filter(
    (q) => q.scope === "attendee" && q.required && questionApplies(q, [ticketTypeId]),
  );
  if (!asked.length) return undefined;
  return Array.from({ length: quantity }, (_, j) => ({
    name: "",
    answers: Object.fromEntries(asked.map((q) => [q.id, q.options?.[(seed + j) % q.options.length] ?? "—"])),
  }));
}
