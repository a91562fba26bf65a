import { afterEach, beforeAll, expect, it } from "vitest";
import { getEventDetail } from "@/lib/catalog/events";
import { useDatabase } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { createOrder } from "@/lib/orders/create-order";
import { releaseExpiredHolds } from "@/lib/orders/holds";
import { holdLimits } from "@/lib/orders/order-limits";
import { getOrderView } from "@/lib/orders/order-view";
import { createOrderSchema } from "@/lib/orders/schemas";
import { settleOrderPaid, settleOrderRefundedInTx } from "@/lib/orders/settle";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { POST as cancelRoute } from "@/app/api/orders/[reference]/cancel/route";
import { GET as eventRoute } from "@/app/api/events/[slug]/route";
import { POST as postOrder } from "@/app/api/orders/route";
import { findPromoUseDrift } from "./audit";
import { withPromo } from "./event-promo";

const slug = "nairobi-tech-summit";
const HOUR = 3_600_000;

describeEachDatabase("promo codes, hidden and free tickets, buyer cancellation", (database) => {
  const db = () => database().prisma;
  checkStockAfterEach(db);
  afterEach(async () => expect(await findPromoUseDrift(db())).toEqual([]));
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let speakerPass: { id: string };
  let eventId: string;
  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
    eventId = demo.nairobi.regular.eventId;
    speakerPass = await db().ticketType.findFirstOrThrow({ where: { eventId, name: "Speaker pass" } });
  });

  let n = 0;
  /** A code made for one test (unique), with the given rules. */
  async function code(data: Partial<Prisma.PromoCodeUncheckedCreateInput> = {}) {
    return db().promoCode.create({
      data: { eventId, code: `TEST${++n}`, discountKind: "percent", discountValue: 10, currency: "KES", ...data },
    });
  }
  const order = (
    items: { ticketTypeId: string; quantity: number }[],
    extra: { promoCode?: string; email?: string } = {},
    now = new Date(),
  ) =>
    createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: slug,
        items,
        buyer: { ...buyer, email: extra.email ?? buyer.email },
        promoCode: extra.promoCode,
      }),
      now,
    );
  const regular = (quantity = 1) => [{ ticketTypeId: demo.nairobi.regular.id, quantity }];
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => "accepted",
      (err) => (err instanceof AppError ? err.code : String(err)),
    );
  const uses = async (id: string) =>
    db().promoCode.findUniqueOrThrow({ where: { id }, select: { usesHeld: true, usesUsed: true } });

  it("50 orders at once with a 5-use code: exactly 5 are discounted, the rest are refused with promo_exhausted", async () => {
    const five = await code({ maxUses: 5 });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        order(regular(), { promoCode: five.code.toLowerCase(), email: `flash${i}@example.com` }),
      ),
    );
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as AppError).code] : []));
    expect(won).toHaveLength(5);
    for (const o of won) {
      expect(o.discount).toEqual({ code: five.code, amount: 250_00 });
      expect(o.total).toBe(2_250_00);
    }
    expect(refused).toEqual(Array(45).fill("promo_exhausted"));
    expect(await uses(five.id)).toEqual({ usesHeld: 5, usesUsed: 0 });
    expect(await db().order.count({ where: { promoCodeId: five.id } })).toBe(5);
  });

  it("a percentage off a whole-shilling order leaves a whole-shilling total, rounded for the buyer", async () => {
    // 15 % of KES 2,499 is 374.85: a total of KES 2,124.15 could not be paid exactly by M-Pesa or Airtel.
    const odd = await db().ticketType.create({
      data: { eventId, name: "Odd price", priceMinor: 2_499_00, currency: "KES", capacity: 10, maxPerOrder: 4 },
    });
    const fifteen = await code({ discountValue: 15 });
    const o = await order([{ ticketTypeId: odd.id, quantity: 1 }], {
      promoCode: fifteen.code,
      email: "odd@example.com",
    });
    expect(o.discount).toEqual({ code: fifteen.code, amount: 375_00 });
    expect(o.total).toBe(2_124_00);
  });

  it("a lapsed order gives its use back, and a late payment takes it again only if it is still free", async () => {
    const one = await code({ maxUses: 1 });
    const start = new Date();
    const first = await order(regular(), { promoCode: one.code }, start);
    expect(await refusal(order(regular(), { promoCode: one.code, email: "other@example.com" }, start))).toBe(
      "promo_exhausted",
    );
    // The hold runs out: the use comes back and the next buyer gets it.
    const later = new Date(start.getTime() + HOUR);
    await releaseExpiredHolds(db(), { eventId, now: later });
    expect(await uses(one.id)).toEqual({ usesHeld: 0, usesUsed: 0 });
    const second = await order(regular(), { promoCode: one.code, email: "other@example.com" }, later);
    expect(second.discount?.amount).toBe(250_00);

    // The first buyer's money arrives late: the code has no use left, so it goes back (like a seat).
    const lapsed = await db().order.findUniqueOrThrow({ where: { reference: first.reference } });
    expect(await db().$transaction((tx) => settleOrderPaid(tx, lapsed.id, later))).toBe("no_capacity");
    // The second buyer pays: held becomes used.
    const held = await db().order.findUniqueOrThrow({ where: { reference: second.reference } });
    expect(await db().$transaction((tx) => settleOrderPaid(tx, held.id, later))).toBe("paid");
    expect(await uses(one.id)).toEqual({ usesHeld: 0, usesUsed: 1 });
    // A full refund gives the use back, once however often it is reported.
    await db().$transaction((tx) => settleOrderRefundedInTx(tx, held.id, later));
    await db().$transaction((tx) => settleOrderRefundedInTx(tx, held.id, later));
    await db().order.update({ where: { id: held.id }, data: { status: "refunded" } });
    expect(await uses(one.id)).toEqual({ usesHeld: 0, usesUsed: 0 });
    // Now a use is free, so the late money is accepted after all.
    expect(await db().$transaction((tx) => settleOrderPaid(tx, lapsed.id, later))).toBe("paid_late");
    expect(await uses(one.id)).toEqual({ usesHeld: 0, usesUsed: 1 });
  });

  it("limits the uses per buyer, whatever the spelling of the e-mail address", async () => {
    const once = await code({ maxUsesPerBuyer: 1, maxUses: 10 });
    await order(regular(), { promoCode: once.code, email: "amina@example.com" });
    expect(await refusal(order(regular(), { promoCode: once.code, email: "Amina+again@Example.com" }))).toBe(
      "promo_limit_reached",
    );
    await order(regular(), { promoCode: once.code, email: "baraka@example.com" });
    expect(await uses(once.id)).toEqual({ usesHeld: 2, usesUsed: 0 });
  });

  it("refuses unknown, paused, expired and not-yet-valid codes, and codes for other tickets, with their own codes", async () => {
    expect(await refusal(order(regular(), { promoCode: "NOSUCHCODE" }))).toBe("promo_invalid");
    const paused = await code({ paused: true });
    expect(await refusal(order(regular(), { promoCode: paused.code }))).toBe("promo_invalid");
    const expired = await code({ validUntil: new Date(Date.now() - HOUR) });
    expect(await refusal(order(regular(), { promoCode: expired.code }))).toBe("promo_expired");
    const early = await code({ validFrom: new Date(Date.now() + HOUR) });
    expect(await refusal(order(regular(), { promoCode: early.code }))).toBe("promo_expired");
    const vipOnly = await code({ ticketTypeIds: [demo.nairobi.vip.id] });
    expect(await refusal(order(regular(), { promoCode: vipOnly.code }))).toBe("promo_invalid");
    // Through the API: a 4xx with the error body, never a 500.
    const res = await postOrder(
      new Request("http://test/api/orders", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ eventSlug: slug, items: regular(), buyer, promoCode: expired.code }),
      }),
      undefined as never,
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { code: "promo_expired", message: "That promo code has expired." },
    });
  });

  it("discounts only the code's ticket types, and shows the discount in the order", async () => {
    const karibu = await db().promoCode.findFirstOrThrow({ where: { eventId, code: "KARIBU10" } });
    const created = await order(
      [
        { ticketTypeId: demo.nairobi.vip.id, quantity: 1 },
        { ticketTypeId: demo.nairobi.student.id, quantity: 1 },
      ],
      { promoCode: " karibu10 " },
    );
    expect(created.discount).toEqual({ code: "KARIBU10", amount: 750_00 });
    expect(created.total).toBe(7_500_00 + 1_000_00 - 750_00);
    const view = await getOrderView(db(), created.reference);
    expect(view.discount).toEqual({ code: "KARIBU10", amount: 750_00 });
    expect(view.total).toBe(created.total);
    expect((await uses(karibu.id)).usesHeld).toBe(1);
  });

  it("keeps hidden ticket types off the event and unorderable without their code", async () => {
    const plain = await getEventDetail(db(), slug);
    expect(plain.ticketTypes.map((t) => t.name)).not.toContain("Speaker pass");
    expect(await refusal(order([{ ticketTypeId: speakerPass.id, quantity: 1 }]))).toBe("unknown_ticket_type");
    expect(await refusal(order([{ ticketTypeId: speakerPass.id, quantity: 1 }], { promoCode: "KARIBU10" }))).toBe(
      "unknown_ticket_type",
    );

    const { id, ...event } = plain;
    const unlocked = await withPromo(db(), id, event, "speaker2027");
    expect(unlocked.promo).toMatchObject({ code: "SPEAKER2027", valid: true, unlocks: [speakerPass.id] });
    expect(unlocked.ticketTypes.find((t) => t.id === speakerPass.id)).toMatchObject({ price: 0, state: "on_sale" });
    const wrong = await withPromo(db(), id, event, "nope");
    expect(wrong.promo).toMatchObject({ valid: false, error: { code: "promo_invalid" } });
    expect(wrong.ticketTypes).toHaveLength(plain.ticketTypes.length);

    // The event API answers the same (the event page's island calls it).
    const res = await eventRoute(new Request(`http://test/api/events/${slug}?promo=Speaker2027`), {
      params: Promise.resolve({ slug }),
    });
    const body = (await res.json()) as { promo: { valid: boolean }; ticketTypes: { name: string }[] };
    expect(body.promo.valid).toBe(true);
    expect(body.ticketTypes.map((t) => t.name)).toContain("Speaker pass");
  });

  it("confirms a free order at once, without a gateway: paid, tickets issued and e-mailed", async () => {
    const speaker = await order([{ ticketTypeId: speakerPass.id, quantity: 1 }], {
      promoCode: "SPEAKER2027",
      email: "speaker@example.com",
    });
    expect(speaker).toMatchObject({ status: "paid", total: 0, discount: { code: "SPEAKER2027", amount: 0 } });
    const stored = await db().order.findUniqueOrThrow({
      where: { reference: speaker.reference },
      include: { tickets: true, payments: true, emails: true },
    });
    expect(stored.status).toBe("paid");
    expect(stored.receiptNumber).toMatch(/^LR-/);
    expect(stored.payments).toHaveLength(0);
    expect(stored.tickets).toHaveLength(1);
    expect(stored.emails.map((e) => [e.kind, e.to])).toEqual([["order_confirmation", "speaker@example.com"]]);
    const pass = await db().ticketType.findUniqueOrThrow({ where: { id: speakerPass.id } });
    expect(pass.sold).toBeGreaterThanOrEqual(1);

    // A 100 % code makes a priced order free too.
    const all = await code({ discountValue: 100 });
    const comp = await order(regular(2), { promoCode: all.code, email: "comp@example.com" });
    expect(comp).toMatchObject({ status: "paid", total: 0, discount: { amount: 5_000_00 } });
    expect(await uses(all.id)).toEqual({ usesHeld: 0, usesUsed: 1 });
  });

  it("caps the free seats one buyer can take, as it caps unpaid holds", async () => {
    const free = await db().ticketType.create({
      data: { eventId, name: "Community meetup", priceMinor: 0, currency: "KES", capacity: 100, maxPerOrder: 10 },
    });
    const source = { clientKey: "ip:10.0.0.9", limits: { ...holdLimits({}), perBuyer: 3, perClient: 0 } };
    const take = (quantity: number, email = "taker@example.com") =>
      createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: slug,
          items: [{ ticketTypeId: free.id, quantity }],
          buyer: { ...buyer, email, phone: `07${String(quantity).padStart(8, "1")}` },
        }),
        new Date(),
        source,
      );
    await take(10);
    await take(2, "Taker+2@example.com");
    // 12 = 3 orders × 4 seats: every seat after that is refused, whoever's phone is given.
    expect(await refusal(take(1, "taker@example.com"))).toBe("free_limit_reached");
    await take(1, "someone.else@example.com");
  });

  it("POST /api/orders/{reference}/cancel: the token holder releases seats and the use at once; others cannot", async () => {
    const one = await code({ maxUses: 1 });
    const res = await postOrder(
      new Request("http://test/api/orders", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          eventSlug: slug,
          items: regular(3),
          buyer: { name: "Otieno", email: "otieno@example.com", phone: "0722 000 111" },
          promoCode: one.code,
        }),
      }),
      undefined as never,
    );
    expect(res.status).toBe(201);
    const created = (await res.json()) as { reference: string; accessToken: string; discount: unknown };
    expect(created.discount).toEqual({ code: one.code, amount: 750_00 });
    const cookie = res.headers.get("set-cookie")!.split(";")[0];
    const heldBefore = (await db().ticketType.findUniqueOrThrow({ where: { id: demo.nairobi.regular.id } })).held;

    const cancel = (reference: string, headers: Record<string, string> = {}) =>
      cancelRoute(new Request(`http://test/api/orders/${reference}/cancel`, { method: "POST", headers }), {
        params: Promise.resolve({ reference }),
      });
    const noToken = await cancel(created.reference);
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ error: { code: "unauthorized" } });
    expect((await cancel(created.reference, { authorization: "Bearer " + "x".repeat(32) })).status).toBe(403);
    expect((await cancel("LR0000000000", { authorization: `Bearer ${created.accessToken}` })).status).toBe(404);
    expect((await db().order.findUniqueOrThrow({ where: { reference: created.reference } })).status).toBe("pending");

    // The buyer's own browser (the cookie from checkout) may.
    const ok = await cancel(created.reference, { cookie });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ reference: created.reference, status: "cancelled" });
    const type = await db().ticketType.findUniqueOrThrow({ where: { id: demo.nairobi.regular.id } });
    expect(type.held).toBe(heldBefore - 3);
    expect(await uses(one.id)).toEqual({ usesHeld: 0, usesUsed: 0 });

    const again = await cancel(created.reference, { authorization: `Bearer ${created.accessToken}` });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "order_not_cancellable" } });
    // A late payment for the cancelled order is refused (refunded), never revives it.
    const stored = await db().order.findUniqueOrThrow({ where: { reference: created.reference } });
    expect(await db().$transaction((tx) => settleOrderPaid(tx, stored.id, new Date()))).toBe("order_cancelled");
  });
});
