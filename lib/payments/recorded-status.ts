import type { StatusQuery, StatusResult } from "./types";

/**
 * The status of a payment whose truth is our own record, not a remote gateway's answer: cash at the desk,
 * where an admin records the money. The core owns the database, so the read lives here and the cash
 * adapter hands its status queries to it (gateways never import the database client).
 */
export async function recordedStatus(q: StatusQuery): Promise<StatusResult> {
  // Imported lazily: adapters that use this stay loadable (and unit-testable) without a database.
  const { getDb } = await import("../db/client");
  const p = await (
    await getDb()
  ).payment.findUnique({
    where: { id: q.paymentId },
    select: {
      status: true,
      amountMinor: true,
      currency: true,
      gatewayReceipt: true,
      failureCode: true,
      failureReason: true,
    },
  });
  if (!p) return { status: "pending" };
  if (p.status === "succeeded" || p.status === "refunded") {
    return {
      status: p.status,
      paid: { amountMinor: p.amountMinor, currency: p.currency },
      ...(p.gatewayReceipt && { receipt: p.gatewayReceipt }),
    };
  }
  return {
    status: p.status,
    ...(p.failureReason && { failure: { gatewayCode: p.failureCode ?? p.status, message: p.failureReason } }),
  };
}
