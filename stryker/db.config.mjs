/**
 * `npm run test:mutation:db`: StrykerJS on the gate, ordering, stock, refund and settle paths with the
 * database tests (PGlite) that cover them. Much slower than the unit run (every mutant re-runs whole test
 * files against a fresh database): run it after changing one of these modules or its tests.
 */
import { mutationConfig } from "./shared.mjs";

export default mutationConfig({
  name: "db",
  vitestConfig: "stryker/vitest.db.config.ts",
  mutate: [
    "lib/checkin/redeem.ts",
    "lib/orders/create-order.ts",
    "lib/orders/stock.ts",
    "lib/orders/settle.ts",
    "lib/payments/refunds.ts",
  ],
  timeoutMS: 60_000,
  // A mutant of a module-level SQL string runs every test of every file: hours on two cores, and an empty
  // or altered statement fails the first query that uses it anyway.
  ignoreStatic: true,
  // The first run of every covering database test file, measuring coverage: minutes on a busy machine.
  dryRunTimeoutMinutes: 30,
});
