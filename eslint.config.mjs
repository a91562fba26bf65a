import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/**
 * Which part of lib/ may import which (issue 13): the house rules, checked on every lint instead of
 * remembered. import/no-restricted-paths resolves each import (relative, `@/` alias or dynamic `import()`)
 * to a file, so `../../simulators/x` and `@/lib/simulators/x` are the same violation. Type-only imports
 * count too: a layer that must not know a module must not know its types either.
 */
const importZones = [
  {
    target: "./lib",
    from: ["./app", "./components"],
    message: "lib/ is below the app: pages and components import lib, never the other way round.",
  },
  {
    target: "./lib/payments",
    from: ["./lib/email", "./lib/tickets", "./lib/exhibit"],
    message:
      "The payments core moves money only; fulfilment (tickets, booths, e-mails) happens on the order side (lib/orders).",
  },
  {
    target: "./lib/payments/gateways",
    from: ["./lib/simulators", "./lib/db/client.ts"],
    message:
      "A gateway adapter talks to its gateway through the context it is given: no simulator internals, no database.",
  },
  {
    target: "./lib/simulators",
    from: ["./lib/payments"],
    message:
      "A simulator plays the gateway from the outside and must not share the adapter's code, or a wire disagreement hides.",
  },
];

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    files: ["lib/**/*.{ts,tsx}"],
    // Tests cross the zones on purpose: they drive routes end to end and run adapters against simulators.
    ignores: ["**/*.test.{ts,tsx}", "**/*.testkit.ts", "lib/simulators/testing/**"],
    rules: { "import/no-restricted-paths": ["error", { zones: importZones }] },
  },
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".data/**",
      "lib/db/generated/**",
      "test-results/**",
      "playwright-report/**",
      "reports/**",
      "next-env.d.ts",
    ],
  },
];
export default config;
