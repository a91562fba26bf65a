/**
 * `npm run test:mutation`: StrykerJS on the money, ticket-code and gateway-transform modules with their
 * unit tests. Slow (minutes) and CPU-heavy, so not part of `npm test`: run it after changing one of these
 * modules or its tests (README "Mutation testing"). One worker: the build machines have 2 shared cores.
 */
import { mutationConfig } from "./shared.mjs";

export default mutationConfig({
  name: "unit",
  vitestConfig: "stryker/vitest.unit.config.ts",
  mutate: [
    "lib/tickets/code-format.ts",
    "lib/tickets/signing.ts",
    "lib/money.ts",
    "lib/catalog/availability.ts",
    "lib/payments/gateways/daraja/transform.ts",
    "lib/payments/gateways/dpo/transform.ts",
    "lib/payments/gateways/airtel/transform.ts",
    "lib/payments/gateways/flutterwave/transform.ts",
    "lib/payments/gateways/ksher/transform.ts",
    "lib/payments/gateways/mtn-momo/transform.ts",
  ],
});
