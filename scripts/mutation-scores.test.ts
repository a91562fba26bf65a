import { expect, it } from "vitest";
import { goalFor, moduleScores } from "./mutation-scores";

const mutant = (status: string, line = 1) => ({
  status,
  mutatorName: "EqualityOperator",
  replacement: "a <= b",
  location: { start: { line, column: 3 } },
});

it("scores each module as Stryker does: mutants no test runs count against it, broken ones do not", () => {
  const scores = moduleScores(
    {
      files: {
        "/repo/lib/money.ts": {
          mutants: [
            mutant("Killed"),
            mutant("Timeout"),
            mutant("Killed"),
            mutant("Survived", 7),
            mutant("NoCoverage", 9),
            mutant("CompileError"),
            mutant("Ignored"),
          ],
        },
      },
    } as never,
    "/repo",
  );
  expect(scores).toEqual([
    {
      file: "lib/money.ts",
      detected: 3,
      undetected: 2,
      score: 60,
      goal: 90,
      survivors: [
        'lib/money.ts:7:3 EqualityOperator → "a <= b"',
        'lib/money.ts:9:3 EqualityOperator (no test runs it) → "a <= b"',
      ],
    },
  ]);
});

it("holds gateway transforms to 85 % and the other money, ticket and gate modules to 90 %", () => {
  expect(goalFor("lib/payments/gateways/dpo/transform.ts")).toBe(85);
  expect(goalFor("lib/payments/gateways/dpo/client.ts")).toBe(90);
  expect(goalFor("lib/tickets/signing.ts")).toBe(90);
});
