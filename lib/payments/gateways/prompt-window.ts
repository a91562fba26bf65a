/**
 * How long a push prompt (STK, MoMo, Airtel USSD) stays answerable on the payer's phone. The buyer's
 * countdown and `nextAction.expiresAt` are this moment, so the page never promises time the phone no
 * longer gives, nor gives up on a prompt that is still ringing.
 */

/**
 * The simulators close a prompt after SIM_PROMPT_TIMEOUT_MS, 60 s by default. Read here from the same
 * variable rather than imported: adapters must not know simulator internals (eslint import zones).
 */
const SIMULATOR_DEFAULT_MS = 60_000;

/** The prompt lifetime for a mode: the simulator's setting, or the real gateway's documented one. */
export function promptLifetimeMs(
  env: Record<string, string | undefined>,
  mode: "simulator" | "live",
  liveMs: number,
): number {
  if (mode === "live") return liveMs;
  const n = Number(env.SIM_PROMPT_TIMEOUT_MS);
  return Number.isInteger(n) && n > 0 ? n : SIMULATOR_DEFAULT_MS;
}

/** When the prompt sent now closes; never after the order's hold, which ends the attempt anyway. */
export function promptExpiry(now: Date, lifetimeMs: number, holdEndsAt: Date): Date {
  return new Date(Math.min(now.getTime() + lifetimeMs, holdEndsAt.getTime()));
}
