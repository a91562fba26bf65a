import { mutationProject } from "./project";

export default mutationProject("db", [
  "lib/checkin/redeem.db.test.ts",
  "lib/checkin/offline-sync.db.test.ts",
  "lib/orders/*.db.test.ts",
  "lib/payments/refunds.db.test.ts",
  "lib/payments/refund-stock.db.test.ts",
  "lib/tickets/tickets.db.test.ts",
  "lib/catalog/event-cache.db.test.ts",
]);
