import "server-only";
import type { Db } from "../db/client";
import { notFound } from "../errors";
import type { Cashier } from "./shifts";

/**
 * What the printed receipt of a door sale says: event, lines, total, how it was paid (the M-Pesa receipt,
 * or cash tendered and change), the cashier and shift, when, and the receipt number. For the sale's own
 * cashier, or an admin.
 */
export async function loadReceipt(db: Db, viewer: Cashier, reference: string) {
  const order = await db.order.findUnique({
    where: { reference: reference.trim().toUpperCase() },
    include: {
      event: { select: { name: true, venue: true, city: true, country: true, timezone: true } },
      items: {
        orderBy: { id: "asc" },
        select: { description: true, quantity: true, unitPriceMinor: true, totalMinor: true },
      },
      payments: { where: { status: { in: ["succeeded", "refunded"] } }, orderBy: { createdAt: "desc" } },
      boxOfficeSale: {
        include: { shift: { include: { cashier: { select: { id: true, name: true, email: true } } } } },
      },
    },
  });
  const sale = order?.boxOfficeSale;
  if (!order || !sale || (sale.shift.cashierId !== viewer.id && viewer.role !== "admin"))
    throw notFound("order_not_found", "There is no box-office sale with that reference.");
  const paid = order.payments[0];
  return {
    reference: order.reference,
    receiptNumber: order.receiptNumber,
    status: order.status,
    paidAt: order.paidAt?.toISOString() ?? null,
    createdAt: order.createdAt.toISOString(),
    event: order.event,
    buyerName: order.buyerName,
    items: order.items,
    total: order.totalMinor,
    currency: order.currency,
    refunded: order.refundedMinor,
    method: paid?.gateway ?? sale.gateway,
    gatewayReceipt: paid && paid.gateway !== "cash" ? paid.gatewayReceipt : null,
    tendered: sale.tenderedMinor,
    change: sale.changeMinor,
    cashier: sale.shift.cashier.name || sale.shift.cashier.email,
    shiftId: sale.shift.id,
    voided: !!sale.voidedAt,
  };
}
