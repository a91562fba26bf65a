/**
 * A small seeded PRNG (mulberry32) for storms and fuzzing: every run prints its seed, and the same seed
 * replays the same cases (`RELIABILITY_SEED=… npx vitest run …` or `… npm run bench`).
 */
export interface Rng {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
}

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)],
    shuffle(items) {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
}

/**
 * The seed named by the environment (to replay a failure); else `fallback` when given (the bounded suite in
 * `npm test` replays a fixed plan, so CI's verdict does not depend on the draw); else, or with
 * RELIABILITY_SEED=random, a fresh one (the bench explores a new plan every run).
 */
export function seedFromEnv(vars: Record<string, string | undefined> = process.env, fallback?: number): number {
  const given = Number(vars.RELIABILITY_SEED);
  if (Number.isInteger(given) && given > 0) return given;
  if (fallback && vars.RELIABILITY_SEED !== "random") return fallback;
  return 1 + Math.floor(Math.random() * 2_147_483_646);
}

/** The plan `npm test` replays (a seed that passed on both databases; the bench draws new ones). */
export const CI_SEED = 2082262411;
