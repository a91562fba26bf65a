import { z } from "zod";

/**
 * What simulator mode uses. Flutterwave publishes no shared sandbox key (each account has its own test
 * keys), so these are the simulator's own values, shaped like Flutterwave's (`FLWSECK_TEST-…-X`); not secrets.
 */
export const FLUTTERWAVE_SIMULATOR = {
  secretKey: "FLWSECK_TEST-4c1f2b7e9d3a45f6b8e0c2d4a6f8b1e3-X",
  secretHash: "lango-simulator-verif-hash",
} as const;

export const flutterwaveConfigSchema = z.object({
  /** API origin without a trailing slash; paths are `/v3/…` below it. */
  baseUrl: z.url(),
  secretKey: z.string().min(1),
  /** The dashboard's webhook "secret hash", sent back verbatim in the `verif-hash` header. */
  secretHash: z.string().min(1),
  timeoutMs: z.number().int().positive().optional(),
});

export type FlutterwaveConfig = z.infer<typeof flutterwaveConfigSchema>;

type Env = Record<string, string | undefined>;

/**
 * The Flutterwave configuration for a mode. In live mode the gateway is enabled only when both
 * FLUTTERWAVE_SECRET_KEY and FLUTTERWAVE_SECRET_HASH are set: without the hash every webhook would be
 * refused, and a gateway whose notifications can never be authenticated should not take money. Throws when
 * a value is set but malformed, naming the variable, never its value.
 */
export function configFromEnv(
  env: Env,
  opts: { mode: "simulator" | "live"; appUrl: string },
): FlutterwaveConfig | null {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const timeoutMs = get("FLUTTERWAVE_TIMEOUT_MS");
  let candidate: Record<string, unknown>;
  if (opts.mode === "simulator") {
    candidate = { baseUrl: `${opts.appUrl.replace(/\/+$/, "")}/sim/flutterwave`, ...FLUTTERWAVE_SIMULATOR };
  } else {
    const secretKey = get("FLUTTERWAVE_SECRET_KEY");
    const secretHash = get("FLUTTERWAVE_SECRET_HASH");
    if (!secretKey || !secretHash) return null;
    candidate = {
      baseUrl: (get("FLUTTERWAVE_BASE_URL") ?? "https://api.flutterwave.com").replace(/\/+$/, "").replace(/\/v3$/, ""),
      secretKey,
      secretHash,
    };
  }
  if (timeoutMs !== undefined) candidate.timeoutMs = Number(timeoutMs);
  const parsed = flutterwaveConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
    throw new Error(`Invalid Flutterwave configuration: ${problems}`);
  }
  return parsed.data;
}
