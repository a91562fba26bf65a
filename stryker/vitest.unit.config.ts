import { mutationProject } from "./project";

export default mutationProject("unit", [
  "lib/tickets/*.test.ts",
  "components/checkin/offline-verify.test.ts",
  "lib/money.test.ts",
  "lib/admin/event-schemas.test.ts",
  "lib/catalog/*.test.ts",
  // Only the transforms' own tests: the client tests time HTTP replies in milliseconds, which instrumented code misses.
  "lib/payments/gateways/*/transform.test.ts",
]);
