import { readEnv } from "../env";

/** Signs development sessions only: simulator mode never holds real money or real attendees. */
export const DEV_SECRET = "lango-development-only-session-secret-do-not-use-live";

let warned = false;

/**
 * The secret that encrypts session cookies: AUTH_SECRET, or in simulator mode a fixed development
 * secret (with a warning, since anyone who reads this file can mint a session with it). Live mode has no
 * fallback: it throws (and start-up, lib/ops/live-readiness.ts, refuses a missing or weak one before that).
 */
export function authSecret(
  env: Record<string, string | undefined> = process.env,
  warn: (msg: string) => void = console.warn,
): string {
  const config = readEnv(env);
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  if (config.PAYMENTS_MODE === "live") {
    throw new Error(
      "AUTH_SECRET is not set. In live mode Lango needs it to sign sessions: set at least 32 random characters (openssl rand -base64 32).",
    );
  }
  if (!warned) {
    warned = true;
    warn(
      JSON.stringify({
        level: "warn",
        msg: "AUTH_SECRET is not set: using the fixed development secret (simulator mode only)",
      }),
    );
  }
  return DEV_SECRET;
}
