import { beforeAll, expect, it } from "vitest";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { outcomeText } from "./callback-outcomes";
import { listCallbacks, parseCallbackFilters } from "./callbacks";
import { PAGE_SIZE } from "./list-filters";
import { listPayments, parsePaymentFilters } from "./payments";

const parse = (params: Record<string, string>) => {
  const r = parsePaymentFilters(params);
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.filters;
};

describeEachDatabase("admin payments and callbacks lists", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let kenyan: { reference: string; orderId: string };

  beforeAll(async () => {
    demo = await seedDemo(db());
    const order = async (slug: string, ticketTypeId: string, phone: string) => {
      const { reference } = await createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: slug,
          items: [{ ticketTypeId, quantity: 1 }],
          buyer: { ...buyer, phone },
        }),
      );
      const o = await db().order.findUniqueOrThrow({ where: { reference } });
      return { reference, orderId: o.id, total: o.totalMinor, currency: o.currency };
    };
    const k = await order(demo.nairobi.slug, demo.nairobi.regular.id, "0712 345 678");
    kenyan = k;
    const t = await order(demo.dar.slug, demo.dar.regular.id, "0754 123 456");
    const base = { amountMinor: k.total, currency: k.currency, expiresAt: new Date() };
    // 55 failed Daraja attempts on one day in Nairobi time, one succeeded with a receipt the next day.
    await db().payment.createMany({
      data: Array.from({ length: 55 }, (_, i) => ({
        ...base,
        orderId: k.orderId,
        gateway: "daraja",
        status: "failed" as const,
        phone: "+254712345678",
        failureCode: "1032",
        failureReason: "Cancelled on the phone",
        createdAt: new Date(Date.UTC(2026, 5, 14, 6, 0, i)),
      })),
    });
    await db().payment.create({
      data: {
        ...base,
        orderId: k.orderId,
        gateway: "daraja",
        status: "succeeded",
        phone: "+254712345678",
        gatewayReceipt: "TFE4A8K2PQ",
        createdAt: new Date("2026-06-14T22:30:00Z"),
      },
    });
    await db().payment.create({
      data: {
        amountMinor: t.total,
        currency: t.currency,
        expiresAt: new Date(),
        orderId: t.orderId,
        gateway: "dpo",
        method: "mpesa",
        status: "pending",
        createdAt: new Date("2026-06-15T10:00:00Z"),
      },
    });

    await db().callbackLog.createMany({
      data: [
        {
          gateway: "daraja",
          kind: "stk",
          headers: {},
          body: "{}",
          verified: true,
          outcome: "applied",
          detail: "payment succeeded, order paid",
        },
        {
          gateway: "daraja",
          kind: "stk",
          headers: {},
          body: "{}",
          verified: true,
          duplicate: true,
          outcome: "duplicate",
          detail: "already handled",
        },
        {
          gateway: "daraja",
          kind: "stk",
          headers: {},
          body: "{}",
          verified: false,
          outcome: "rejected",
          detail: "bad token",
        },
        { gateway: "daraja", kind: "b2c-result", headers: {}, body: "{}", verified: true, outcome: "refund_succeeded" },
        {
          gateway: "dpo",
          kind: "notification",
          headers: {},
          body: "<API3G/>",
          verified: true,
          outcome: "refused",
          detail: "the notification claims a different amount or currency than the payment",
        },
      ],
    });
  });

  it("newest first, 50 a page, and the next page carries on where the first stopped", async () => {
    const first = await listPayments(db(), parse({}));
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(first.rows[0]).toMatchObject({
      gateway: "dpo",
      method: "mpesa",
      order: { event: { name: "Dar es Salaam Trade Expo" } },
    });
    expect(first.rows[1]).toMatchObject({ status: "succeeded", gatewayReceipt: "TFE4A8K2PQ" });
    const second = await listPayments(db(), parse({ before: first.nextCursor! }));
    expect(second.rows).toHaveLength(57 - PAGE_SIZE);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(57);
  });

  it("filters by event, gateway, status and by day in Nairobi time", async () => {
    expect((await listPayments(db(), parse({ event: demo.dar.slug }))).rows.map((r) => r.gateway)).toEqual(["dpo"]);
    expect((await listPayments(db(), parse({ gateway: "daraja", status: "succeeded" }))).rows).toHaveLength(1);
    // 22:30 UTC on the 14th is 01:30 on the 15th in Nairobi.
    const on15 = await listPayments(db(), parse({ from: "2026-06-15", to: "2026-06-15" }));
    expect(on15.rows.map((r) => r.gatewayReceipt ?? r.gateway)).toEqual(["dpo", "TFE4A8K2PQ"]);
    const on14 = await listPayments(db(), parse({ from: "2026-06-14", to: "2026-06-14", status: "failed" }));
    expect(on14.rows).toHaveLength(PAGE_SIZE);
  });

  it("searches by order reference, M-Pesa receipt or phone in any local form", async () => {
    expect((await listPayments(db(), parse({ q: kenyan.reference.toLowerCase() }))).rows).toHaveLength(PAGE_SIZE);
    expect((await listPayments(db(), parse({ q: "tfe4a8k2pq" }))).rows.map((r) => r.status)).toEqual(["succeeded"]);
    expect((await listPayments(db(), parse({ q: "0712345678", status: "succeeded" }))).rows).toHaveLength(1);
    expect((await listPayments(db(), parse({ q: "+255754123456" }))).rows.map((r) => r.gateway)).toEqual(["dpo"]);
    expect((await listPayments(db(), parse({ q: "nobody" }))).rows).toEqual([]);
  });

  it("bad filter values come back as readable messages", () => {
    const r = parsePaymentFilters({ status: "paid", from: "2026-02-30", to: "yesterday", gateway: "paypal" });
    expect(r).toEqual({
      ok: false,
      errors: [
        expect.stringMatching(/^Gateway: Choose one of/),
        expect.stringMatching(/^Status: Choose one of: pending, succeeded/),
        "From: That date does not exist.",
        "To: Enter a date as YYYY-MM-DD.",
      ],
    });
    expect(parsePaymentFilters({ from: "2026-06-15", to: "2026-06-01" })).toEqual({
      ok: false,
      errors: ["To: The end date is before the start date."],
    });
  });

  it("callback log: by gateway, outcome, duplicates only, unverified only", async () => {
    const list = async (params: Record<string, string>) => {
      const r = parseCallbackFilters(params);
      if (!r.ok) throw new Error(r.errors.join("; "));
      return (await listCallbacks(db(), r.filters)).rows.map(outcomeText);
    };
    expect(await list({})).toHaveLength(5);
    expect(await list({ gateway: "dpo" })).toEqual([expect.stringMatching(/^refused/)]);
    expect(await list({ duplicates: "1" })).toEqual(["duplicate: already handled"]);
    expect(await list({ unverified: "on" })).toEqual(["rejected: bad token"]);
    expect(await list({ outcome: "refund_succeeded" })).toEqual(["refund succeeded"]);
    // A link from before outcomes were typed still filters.
    expect(await list({ outcome: "no change" })).toEqual([]);
    expect(await list({ outcome: "applied", gateway: "daraja" })).toEqual(["applied: payment succeeded, order paid"]);
  });
});
