import { beforeAll, expect, it } from "vitest";
import { invalidateCatalog } from "@/lib/catalog/catalog-cache";
import { useDatabase, type Db } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { postOrderRequest } from "@/test/order-requests";
import { MAX_FIELD_ERRORS } from "./create-order";

const NAIROBI = "nairobi-tech-summit";

describeEachDatabase("answer errors of an order", (database) => {
  const db = (): Db => database().prisma;
  let workshop: { id: string };
  let bigGroup: { id: string };
  let questions: { id: string }[];

  beforeAll(async () => {
    const demo = await seedDemo(db());
    useDatabase(database());
    const eventId = demo.nairobi.regular.eventId;
    const type = (name: string, maxPerOrder: number) =>
      db().ticketType.create({
        data: { eventId, name, priceMinor: 500_00, currency: "KES", capacity: 1_000, maxPerOrder },
      });
    workshop = await type("Workshop", 4);
    bigGroup = await type("School group", 100);
    questions = await Promise.all(
      ["Dietary needs", "T-shirt size", "Emergency contact"].map((label, i) =>
        db().checkoutQuestion.create({
          data: { eventId, label, kind: "text", scope: "attendee", required: true, sortOrder: i },
        }),
      ),
    );
    invalidateCatalog(); // as the admin's question editor does
  });

  const post = (items: { ticketTypeId: string; quantity: number }[]) =>
    postOrderRequest({ eventSlug: NAIROBI, items, buyer });

  it("50 lines of 1,000 seats, every answer missing, are refused for their quantity in a few hundred bytes", async () => {
    const res = await post(Array.from({ length: 50 }, () => ({ ticketTypeId: workshop.id, quantity: 1_000 })));
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(JSON.parse(text).error).toEqual({
      code: "quantity_above_maximum",
      message: "You can buy at most 4 Workshop tickets per order.",
      fields: { "items.0.quantity": "At most 4." },
      ticketTypeId: workshop.id,
      maxPerOrder: 4,
    });
    expect(text.length).toBeLessThan(500);
    expect(await db().order.count()).toBe(0);
  });

  it("an unknown ticket type or more names than seats is said before any answer is asked for", async () => {
    const unknown = await post([
      { ticketTypeId: workshop.id, quantity: 4 },
      { ticketTypeId: "no-such-type", quantity: 1_000 },
    ]);
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error).toMatchObject({
      code: "unknown_ticket_type",
      fields: { "items.1.ticketTypeId": "Unknown ticket type." },
    });
    const names = await postOrderRequest({
      eventSlug: NAIROBI,
      items: [{ ticketTypeId: workshop.id, quantity: 1, attendees: [{ name: "Amani" }, { name: "Baraka" }] }],
      buyer,
    });
    expect(names.status).toBe(400);
    expect((await names.json()).error).toEqual({
      code: "invalid_input",
      message: "There are more attendee names than tickets.",
      fields: { "items.0.attendees": "One name per ticket." },
    });
  });

  it(`a full order with every answer missing names the first ${MAX_FIELD_ERRORS} in the order of the form, and how many more there are`, async () => {
    const res = await post([{ ticketTypeId: bigGroup.id, quantity: 100 }]);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as {
      error: { code: string; message: string; fields: Record<string, string>; moreFieldErrors: number };
    };
    expect(error.code).toBe("invalid_input");
    expect(error.message).toBe("Please answer the highlighted questions.");
    const first = Array.from({ length: 100 }, (_, seat) => seat).flatMap((seat) =>
      questions.map((q) => `items.0.attendees.${seat}.answers.${q.id}`),
    );
    expect(Object.keys(error.fields)).toEqual(first.slice(0, MAX_FIELD_ERRORS));
    expect(error.fields[first[0]]).toBe("Please answer this question.");
    expect(error.moreFieldErrors).toBe(100 * questions.length - MAX_FIELD_ERRORS);
  });

  it("a few missing answers are all named, as before", async () => {
    const res = await post([{ ticketTypeId: workshop.id, quantity: 2 }]);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(Object.keys(error.fields)).toHaveLength(2 * questions.length);
    expect(error).not.toHaveProperty("moreFieldErrors");
  });
});
