import type { Db } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { settleOrderPaid } from "@/lib/orders/settle";
import { buyer } from "@/test/fixtures";
import { ticketCodes } from "./codes";
import { issueTicketsInTx } from "./issue";

/**
 * Test helper: an order for one ticket type, paid the way a payment pays it (settled and fulfilled in
 * one transaction), with its tickets and their current codes in checkout order.
 */
export async function paidOrderWithTickets(
  db: Db,
  opts: {
    eventSlug: string;
    ticketTypeId: string;
    quantity?: number;
    attendees?: { name?: string; email?: string }[];
    now?: Date;
    env?: Record<string, string | undefined>;
  },
) {
  const now = opts.now ?? new Date();
  const input = createOrderSchema.parse({
    eventSlug: opts.eventSlug,
    items: [{ ticketTypeId: opts.ticketTypeId, quantity: opts.quantity ?? 1, attendees: opts.attendees }],
    buyer,
  });
  const created = await createOrder(db, input, now);
  const order = await db.order.findUniqueOrThrow({ where: { reference: created.reference } });
  await db.$transaction(async (tx) => {
    await settleOrderPaid(tx, order.id, now);
    await issueTicketsInTx(tx, order.id, now);
  });
  const tickets = await db.ticket.findMany({
    where: { orderId: order.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const codes = await ticketCodes(db, tickets, opts.env);
  return { order, tickets: tickets.map((t) => ({ ...t, code: codes.get(t.id)! })) };
}
