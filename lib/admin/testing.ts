import type { Db } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { startPayment } from "@/lib/payments/start-payment";
import type { startAppServer } from "@/test/app-server";

type Server = Awaited<ReturnType<typeof startAppServer>>;

export const until = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
};

let seq = 0;

/**
 * Test helper for the admin: orders in the Nairobi demo event, each with its own ticket type and price
 * (so its M-Pesa prompt is told apart by amount), buyer name and phone (so searches and the per-phone
 * prompt limit do not mix tests up), paid on the simulator's virtual phone when asked.
 */
export function adminOrderKit(db: () => Db, server: () => Server, eventSlug: string) {
  const sim = (path: string, body?: unknown) =>
    fetch(
      `${server().url}/sim/api/${path}`,
      body === undefined
        ? {}
        : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    ).then((r) => r.json());

  async function pendingOrder(opts: { quantity?: number; capacity?: number; buyerName?: string; at?: Date } = {}) {
    const n = ++seq;
    const event = await db().event.findUniqueOrThrow({ where: { slug: eventSlug } });
    const price = 200_00 + n * 100 + Math.floor(Math.random() * 50) * 10_000;
    const type = await db().ticketType.create({
      data: {
        eventId: event.id,
        name: `Admin T${n}-${price}`,
        priceMinor: price,
        currency: event.currency,
        capacity: opts.capacity ?? 50,
        maxPerOrder: 10,
      },
    });
    const phone = `0712 ${String(100_000 + Math.floor(Math.random() * 899_999)).padStart(6, "0")}`;
    const buyer = { name: opts.buyerName ?? `Buyer ${n} Otieno`, email: `buyer${n}.${Date.now()}@example.com`, phone };
    const quantity = opts.quantity ?? 2;
    const created = await createOrder(
      db(),
      createOrderSchema.parse({ eventSlug, items: [{ ticketTypeId: type.id, quantity }], buyer }),
      opts.at,
    );
    const order = await db().order.findUniqueOrThrow({ where: { reference: created.reference } });
    return { order, type, buyer, quantity, amountKes: (price * quantity) / 100 };
  }

  async function paidByMpesa(opts: Parameters<typeof pendingOrder>[0] = {}) {
    const o = await pendingOrder(opts);
    const started = await startPayment(db(), { reference: o.order.reference, gateway: "daraja" }, server().env);
    const prompts = await until(
      () => sim("prompts") as Promise<{ id: string; amount: number }[]>,
      (p) => p.some((x) => x.amount === o.amountKes),
    );
    await sim(`prompts/${prompts.find((x) => x.amount === o.amountKes)!.id}`, { outcome: "approve" });
    const payment = await until(
      () => db().payment.findUniqueOrThrow({ where: { id: started.paymentId } }),
      (p) => p.status !== "pending",
    );
    // The callback's log outcome is written just after the payment is applied.
    await until(
      () => db().callbackLog.findMany({ where: { paymentId: payment.id } }),
      (l) => l.length > 0 && l.every((x) => x.outcome !== "received"),
    );
    return { ...o, payment, order: await db().order.findUniqueOrThrow({ where: { id: o.order.id } }) };
  }

  return { sim, pendingOrder, paidByMpesa };
}

export async function adminUser(db: Db, role: "admin" | "staff" = "admin") {
  return db.user.create({
    data: { email: `${role}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`, name: `Desk ${role}`, role },
  });
}
