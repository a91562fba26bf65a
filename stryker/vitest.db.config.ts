import { mutationProject } from "./project";

export default mutationProject("db", [
  "lib/checkin/redeem.db.test.ts",
  "lib/checkin/offline-sync.db.test.ts",
  "lib/orders/*.db.test.ts",
  "lib/payments/refunds.db.test.ts",
  "lib/payments/refund-stock.db.test.ts",
  // Refunds whose answer is lost, settled by hand (refunds.ts's settleRefundByHand and refundWaitsOn).
  "lib/payments/refund-lost-answer.db.test.ts",
  "lib/admin/order-actions.db.test.ts",
  "lib/admin/unsettled-refunds.db.test.ts",
  // The gateways whose refunds answer at once (refunds.ts's synchronous path) and read the payment's reference.
  "lib/payments/gateways/airtel/airtel.db.test.ts",
  "lib/payments/gateways/flutterwave/flutterwave.db.test.ts",
  "lib/payments/gateways/ksher/ksher.db.test.ts",
  "lib/tickets/tickets.db.test.ts",
  "lib/catalog/event-cache.db.test.ts",
]);
