import { beforeAll, expect, it } from "vitest";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { orderSearchSchema, searchOrders } from "./orders";
import { listPayments, parsePaymentFilters } from "./payments";

describeEachDatabase("pentest 12.12: admin searches take \\, %, _ and NUL literally, never as a 500", (database) => {
  const db = () => database().prisma;
  let odd: string;
  let plain: string;

  const payments = async (params: Record<string, string>) => {
    const parsed = parsePaymentFilters(params);
    if (!parsed.ok) return { errors: parsed.errors };
    return { receipts: (await listPayments(db(), parsed.filters)).rows.map((r) => r.gatewayReceipt) };
  };
  const orders = async (params: Record<string, string>) =>
    (await searchOrders(db(), orderSearchSchema.parse(params))).rows.map((r) => r.reference);

  beforeAll(async () => {
    const demo = await seedDemo(db());
    const order = async (name: string, email: string, receipt: string) => {
      const { reference } = await createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: demo.nairobi.slug,
          items: [{ ticketTypeId: demo.nairobi.regular.id, quantity: 1 }],
          buyer: { ...buyer, name, email },
        }),
      );
      const o = await db().order.findUniqueOrThrow({ where: { reference } });
      await db().payment.create({
        data: {
          orderId: o.id,
          amountMinor: o.totalMinor,
          currency: o.currency,
          expiresAt: new Date(),
          gateway: "daraja",
          status: "succeeded",
          gatewayReceipt: receipt,
        },
      });
      return reference;
    };
    plain = await order("Wanjiku Kamau", "wanjiku@example.com", "TFE4A8K2PQ");
    odd = await order("Promo 50%_off \\ Ltd", "promo_50@example.com", "AB%_\\9");
  });

  it("payments: a lone backslash is a search that finds nothing, not a LIKE syntax error", async () => {
    expect(await payments({ q: "\\" })).toEqual({ receipts: [] });
  });

  it("payments: % and _ are not wildcards; receipts still match whole and in any case", async () => {
    expect(await payments({ q: "%" })).toEqual({ receipts: [] });
    expect(await payments({ q: "TFE4A8K2P_" })).toEqual({ receipts: [] });
    expect(await payments({ q: "tfe4a8k2pq" })).toEqual({ receipts: ["TFE4A8K2PQ"] });
    expect(await payments({ q: "ab%_\\9" })).toEqual({ receipts: ["AB%_\\9"] });
  });

  it("payments: a NUL byte in the search is dropped, not sent to PostgreSQL", async () => {
    expect(await payments({ q: "TFE4A8K2PQ\u0000" })).toEqual({ receipts: ["TFE4A8K2PQ"] });
    expect(await payments({ q: "\u0000" })).toEqual({ receipts: expect.any(Array) });
  });

  it("orders: %, _ and \\ match only themselves in names and e-mails", async () => {
    expect(await orders({ q: "%" })).toEqual([odd]);
    expect(await orders({ q: "_" })).toEqual([odd]);
    expect(await orders({ q: "\\" })).toEqual([odd]);
    expect(await orders({ q: "50%_off \\" })).toEqual([odd]);
    expect(await orders({ q: "w_njiku" })).toEqual([]);
    expect(await orders({ q: "wanjiku" })).toEqual([plain]);
  });

  it("orders: a NUL byte in the search or the event filter is ignored, not a 500", async () => {
    expect(await orders({ q: "wanjiku\u0000" })).toEqual([plain]);
    expect(new Set(await orders({ eventId: "\u0000" }))).toEqual(new Set([plain, odd]));
    expect(await orders({ eventId: "no-such-event" })).toEqual([]);
  });
});
