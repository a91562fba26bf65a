import { describe, expect, it } from "vitest";
import { CI_SEED, seededRng, seedFromEnv } from "./prng";

describe("seedFromEnv", () => {
  it("replays a given seed, else the fixed plan when there is one, else draws", () => {
    expect(seedFromEnv({ RELIABILITY_SEED: "1749138214" }, CI_SEED)).toBe(1749138214);
    expect(seedFromEnv({}, CI_SEED)).toBe(CI_SEED);
    expect(seedFromEnv({ RELIABILITY_SEED: "random" }, CI_SEED)).not.toBe(CI_SEED);
    const drawn = seedFromEnv({});
    expect(Number.isInteger(drawn) && drawn > 0).toBe(true);
  });

  it("gives the same plan for the same seed", () => {
    const a = seededRng(CI_SEED);
    const b = seededRng(CI_SEED);
    expect(Array.from({ length: 5 }, () => a.chance(0.5))).toEqual(Array.from({ length: 5 }, () => b.chance(0.5)));
  });
});
