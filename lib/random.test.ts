import { expect, it } from "vitest";
import { randomBytesPooled } from "./random";

it("never hands out the same bytes twice, across many refills of the pool", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 3_000; i++) {
    const b = randomBytesPooled(16);
    expect(b).toHaveLength(16);
    seen.add(b.toString("hex"));
  }
  expect(seen.size).toBe(3_000);
});

it("gives bytes that look random: every byte value turns up, none dominates", () => {
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < 2_000; i++) for (const b of randomBytesPooled(32)) counts[b]++;
  // 64,000 bytes: about 250 of each value; a broken pool (zeros, repeats) is nowhere near.
  expect(Math.min(...counts)).toBeGreaterThan(150);
  expect(Math.max(...counts)).toBeLessThan(360);
});

it("returns copies the pool does not touch again, and serves large and empty requests", () => {
  const first = randomBytesPooled(24);
  const copy = Buffer.from(first);
  for (let i = 0; i < 1_000; i++) randomBytesPooled(24);
  expect(first.equals(copy)).toBe(true);
  expect(randomBytesPooled(5_000)).toHaveLength(5_000);
  expect(randomBytesPooled(0)).toHaveLength(0);
  expect(() => randomBytesPooled(-1)).toThrow(RangeError);
});
