import { beforeAll, expect, it } from "vitest";
import { getEventDetail } from "@/lib/catalog/events";
import { useDatabase } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { renameAttendee } from "@/lib/tickets/attendee";
import { listOrderTickets } from "@/lib/tickets/views";
import type { Prisma } from "@/lib/db/generated/client";
import { markCashPaid } from "@/lib/admin/order-actions";
import { majorUnitsInput } from "@/lib/money";
import { paymentsEnv } from "@/lib/payments/registry";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { postOrderRequest } from "@/test/order-requests";
import { checkStockAfterEach } from "@/test/stock-invariants";

describeEachDatabase("checkout questions", (database) => {
  const db = () => database().prisma;
  checkStockAfterEach(db);
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  const q: Record<string, string> = {};

  beforeAll(async () => {
    useDatabase(database());
    demo = await seedDemo(db());
    const eventId = demo.nairobi.regular.eventId;
    const make = async (key: string, data: Omit<Prisma.CheckoutQuestionUncheckedCreateInput, "eventId">) =>
      (q[key] = (await db().checkoutQuestion.create({ data: { eventId, ...data } })).id);
    await make("company", { label: "Company", kind: "text", scope: "order", sortOrder: 0 });
    await make("size", {
      label: "T-shirt size",
      kind: "choice",
      options: ["S", "M", "L", "XL"],
      required: true,
      scope: "attendee",
      ticketTypeIds: [demo.nairobi.regular.id, demo.nairobi.vip.id],
      sortOrder: 1,
    });
    await make("phone", { label: "Emergency contact", kind: "phone", scope: "attendee", sortOrder: 2 });
    await make("email", { label: "Invoice e-mail", kind: "email", scope: "order", sortOrder: 3 });
    await make("terms", {
      label: "I accept the code of conduct",
      kind: "checkbox",
      required: true,
      scope: "order",
      sortOrder: 4,
    });
  });

  const post = (body: Record<string, unknown>) =>
    postOrderRequest({ eventSlug: demo.nairobi.slug, buyer, ...body }).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));

  it("the event API lists the questions with their kind, options, scope and ticket types", async () => {
    const { questions } = await getEventDetail(db(), demo.nairobi.slug);
    expect(questions.map((x) => x.label)).toEqual([
      "Company",
      "T-shirt size",
      "Emergency contact",
      "Invoice e-mail",
      "I accept the code of conduct",
    ]);
    expect(questions.find((x) => x.id === q.size)).toEqual({
      id: q.size,
      label: "T-shirt size",
      kind: "choice",
      options: ["S", "M", "L", "XL"],
      required: true,
      scope: "attendee",
      ticketTypeIds: [demo.nairobi.regular.id, demo.nairobi.vip.id],
    });
    expect(questions.find((x) => x.id === q.company)).not.toHaveProperty("options");
  });

  it("refuses missing required answers, unknown choices and bad phone or e-mail formats, each under its field", async () => {
    const { status, body } = await post({
      items: [
        { ticketTypeId: demo.nairobi.student.id, quantity: 1 },
        {
          ticketTypeId: demo.nairobi.regular.id,
          quantity: 2,
          attendees: [{ name: "A", answers: { [q.size]: "XXL", [q.phone]: "12" } }],
        },
      ],
      answers: { [q.email]: "not-an-address" },
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.fields).toEqual({
      [`answers.${q.email}`]: "Enter a valid e-mail address.",
      [`answers.${q.terms}`]: "Please tick this box.",
      [`items.1.attendees.0.answers.${q.size}`]: "Choose one of: S, M, L, XL.",
      [`items.1.attendees.0.answers.${q.phone}`]: "Enter a valid phone number.",
      [`items.1.attendees.1.answers.${q.size}`]: "Please answer this question.",
    });
    // Nothing was held for a refused order.
    expect(await db().order.count()).toBe(0);
  });

  it("asks attendee questions only for the ticket types they are limited to", async () => {
    const { status, body } = await post({
      items: [{ ticketTypeId: demo.nairobi.student.id, quantity: 2 }],
      answers: { [q.terms]: true },
    });
    expect(status).toBe(201);
    const order = await db().order.findUniqueOrThrow({ where: { reference: body.reference } });
    expect(order.answers).toEqual({ [q.terms]: true });
  });

  it("stores valid answers on the order and each seat, and each ticket carries its attendee's answers", async () => {
    const { status, body } = await post({
      items: [
        {
          ticketTypeId: demo.nairobi.regular.id,
          quantity: 2,
          attendees: [
            { name: "Akinyi", answers: { [q.size]: "M", [q.phone]: "0722 000 111" } },
            { name: "Baraka", answers: { [q.size]: "XL", [q.company]: "ignored: an order question" } },
          ],
        },
      ],
      answers: { [q.company]: "  Savannah Labs ", [q.terms]: true, [q.email]: "Accounts@Savannah.example" },
    });
    expect(status).toBe(201);
    const order = await db().order.findUniqueOrThrow({
      where: { reference: body.reference },
      include: { items: true },
    });
    expect(order.answers).toEqual({
      [q.company]: "Savannah Labs",
      [q.terms]: true,
      [q.email]: "accounts@savannah.example",
    });
    expect(order.items[0].details).toMatchObject({
      attendees: [
        { name: "Akinyi", answers: { [q.size]: "M", [q.phone]: "+254722000111" } },
        { name: "Baraka", answers: { [q.size]: "XL" } },
      ],
    });

    const admin = await db().user.findFirstOrThrow({ where: { role: "admin" } });
    await markCashPaid(
      db(),
      admin,
      { reference: order.reference, amount: majorUnitsInput(order.totalMinor, order.currency), receiptNumber: "Q-1" },
      paymentsEnv({ PAYMENTS_MODE: "simulator" }),
    );
    const tickets = await db().ticket.findMany({ where: { orderId: order.id }, orderBy: { createdAt: "asc" } });
    expect(tickets.map((t) => [t.attendeeName, t.answers])).toEqual([
      ["Akinyi", { [q.size]: "M", [q.phone]: "+254722000111" }],
      ["Baraka", { [q.size]: "XL" }],
    ]);

    // The buyer edits an attendee's answers with the name, checked like at checkout.
    const proof = { accessToken: order.accessToken };
    const refused = await renameAttendee(db(), {
      ticketId: tickets[1].id,
      order: proof,
      name: "Baraka O.",
      answers: { [q.size]: "XXL" },
    }).catch((e: AppError) => e);
    expect(refused).toMatchObject({
      code: "invalid_input",
      fields: { [`answers.${q.size}`]: "Choose one of: S, M, L, XL." },
    });
    expect(
      await renameAttendee(db(), {
        ticketId: tickets[1].id,
        order: proof,
        name: "Baraka O.",
        answers: { [q.size]: "S" },
      }),
    ).toMatchObject({ attendeeName: "Baraka O.", answers: { [q.size]: "S" } });
    const views = await listOrderTickets(db(), order.id);
    expect(views[1].answers?.map((x) => [x.label, x.value])).toEqual([
      ["T-shirt size", "S"],
      ["Emergency contact", undefined],
    ]);
    // Once the event has started, nothing changes any more.
    const later = new Date(Date.now() + 60 * 24 * 3_600_000);
    const tooLate = await renameAttendee(
      db(),
      { ticketId: tickets[1].id, order: proof, name: "Baraka", answers: { [q.size]: "M" } },
      later,
    ).catch((e: AppError) => e);
    expect(tooLate).toMatchObject({ status: 409 });
  });
});
