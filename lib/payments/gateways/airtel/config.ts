import { z } from "zod";
import { promptLifetimeMs } from "../prompt-window";

/**
 * Airtel documents no lifetime for its USSD push; a USSD session closes within a minute or so on the
 * handset, after which the enquiry answers Timed Out (DP00800001024).
 */
export const USSD_PROMPT_MS = 60_000;

/** Airtel's staging host (gateways.md §4 "Base URLs and auth"); production is https://openapi.airtel.africa. */
export const AIRTEL_STAGING_URL = "https://openapiuat.airtel.africa";

export const airtelConfigSchema = z.object({
  /** Host of the Open API, without a trailing slash; paths such as /merchant/v1/payments/ are appended. */
  baseUrl: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  timeoutMs: z.number().int().positive().optional(),
  /** How long the USSD push stays answerable on the phone (prompt-window.ts). */
  promptMs: z.number().int().positive().optional(),
});

export type AirtelConfig = z.infer<typeof airtelConfigSchema>;

type Env = Record<string, string | undefined>;

/**
 * The Airtel Money configuration for a mode. Returns null in live mode while AIRTEL_CLIENT_ID or
 * AIRTEL_CLIENT_SECRET is unset (the gateway is then not offered); throws when a value is set but
 * malformed, naming the variable and never its value.
 */
export function configFromEnv(env: Env, opts: { mode: "simulator" | "live"; appUrl: string }): AirtelConfig | null {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const appUrl = opts.appUrl.replace(/\/+$/, "");
  let candidate: Record<string, unknown>;
  if (opts.mode === "simulator") {
    candidate = {
      baseUrl: `${appUrl}/sim/airtel`,
      clientId: "simulator-client-id",
      clientSecret: "simulator-client-secret",
    };
  } else {
    const clientId = get("AIRTEL_CLIENT_ID");
    const clientSecret = get("AIRTEL_CLIENT_SECRET");
    if (!clientId || !clientSecret) return null;
    candidate = { baseUrl: (get("AIRTEL_BASE_URL") ?? AIRTEL_STAGING_URL).replace(/\/+$/, ""), clientId, clientSecret };
  }
  const timeoutMs = get("AIRTEL_TIMEOUT_MS");
  if (timeoutMs !== undefined) candidate.timeoutMs = Number(timeoutMs);
  candidate.promptMs = promptLifetimeMs(env, opts.mode, USSD_PROMPT_MS);
  const parsed = airtelConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
    throw new Error(`Invalid Airtel Money configuration: ${problems}`);
  }
  return parsed.data;
}
