import { beforeAll, expect, it } from "vitest";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { describeEachDatabase } from "@/test/db";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { buyer, seedDemo } from "@/test/fixtures";
import { enabledGateways, gatewayById, paymentsEnv } from "./registry";
import { startPayment } from "./start-payment";
import { GATEWAY_IDS } from "./types";

const env = paymentsEnv({ PAYMENTS_MODE: "simulator" });
const PHONES: Record<string, string> = {
  KE: "+254712345678",
  TZ: "+255712345678",
  UG: "+256772123456",
  TH: "+66812345678",
};

/** Whether a gateway could take the event's money: registered, configured (simulated) and supporting it. */
function canTake(id: string, q: { currency: string; country: string }): boolean {
  try {
    return gatewayById(id, env).gateway.supports(q);
  } catch {
    return false;
  }
}

describeEachDatabase("checkout offers exactly the gateways enabled for the event", (database) => {
  checkStockAfterEach(() => database().prisma);
  const db = () => database().prisma;
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("for every demo event: each offered gateway takes its currency there and is configured; none that could is left out", async () => {
    const events = await db().event.findMany({
      where: { published: true },
      include: { ticketTypes: { where: { hidden: false }, orderBy: { priceMinor: "desc" } } },
    });
    expect(events.map((e) => e.currency).sort()).toEqual(["KES", "THB", "TZS", "UGX"]);
    for (const event of events) {
      const q = { currency: event.currency, country: event.country };
      const offered = enabledGateways(q, env).map((g) => g.id);
      expect(offered.sort(), event.slug).toEqual(GATEWAY_IDS.filter((id) => canTake(id, q)).sort());
      // Cash at the desk everywhere in simulator mode; M-Pesa Daraja (STK and paybill) only for Kenyan shillings.
      expect(offered, event.slug).toContain("cash");
      expect(offered.includes("daraja"), event.slug).toBe(event.currency === "KES");
      // More than the desk: every demo event can be paid online.
      expect(offered.length, event.slug).toBeGreaterThan(1);

      // And what is not offered cannot be used to pay that event's orders.
      const type = event.ticketTypes.find(
        (t) =>
          t.capacity - t.sold - t.held > 0 &&
          (!t.salesEndAt || t.salesEndAt > new Date()) &&
          (!t.salesStartAt || t.salesStartAt <= new Date()),
      );
      if (!type) continue;
      const order = await createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: event.slug,
          items: [{ ticketTypeId: type.id, quantity: 1 }],
          buyer: { ...buyer, phone: PHONES[event.country] },
        }),
      );
      for (const id of GATEWAY_IDS.filter((g) => !offered.includes(g))) {
        await expect(
          startPayment(db(), { reference: order.reference, gateway: id }, env),
          `${event.slug} ${id}`,
        ).rejects.toMatchObject({ code: "gateway_not_enabled", status: 422 });
      }
    }
  });
});
