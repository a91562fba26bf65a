import { z } from "zod";
import { promptLifetimeMs } from "../prompt-window";
import { SANDBOX_ENVIRONMENT } from "./markets";

/** MTN gives the payer 5 minutes to approve (COULD_NOT_PERFORM_TRANSACTION after that; gateways.md §3). */
export const APPROVAL_WINDOW_MS = 5 * 60_000;

export const MTN_SANDBOX_BASE_URL = "https://sandbox.momodeveloper.mtn.com";

/**
 * The API user the simulator knows from the start (in the real sandbox one is made with
 * `POST /v1_0/apiuser`). Not secrets: they only open the app's own simulator.
 */
export const MTN_SIMULATOR_CREDENTIALS = {
  subscriptionKey: "simulator-collections-subscription-key",
  apiUser: "0b5a0c3e-6f4d-4c1e-9a8b-3d2f1e0c9b8a",
  apiKey: "simulator-collections-api-key",
} as const;

export const mtnMomoConfigSchema = z.object({
  /** e.g. https://sandbox.momodeveloper.mtn.com, or the country's production proxy. */
  baseUrl: z.url(),
  /** Ocp-Apim-Subscription-Key: the Collections product key from the portal profile. */
  subscriptionKey: z.string().min(1),
  /** The API user id (a UUID) and its API key, for the Basic credentials of `POST /collection/token/`. */
  apiUser: z.uuid(),
  apiKey: z.string().min(1),
  /**
   * X-Target-Environment: `sandbox` (EUR only) or one country's environment (`mtnuganda`). Absent in
   * simulator mode, where the simulator stands in for every country and each order goes to its own.
   */
  targetEnvironment: z
    .string()
    .regex(/^[a-z]+$/, "must be MTN's lowercase environment name, such as sandbox or mtnuganda")
    .optional(),
  timeoutMs: z.number().int().positive().optional(),
  /** How long the payer has to approve a request to pay (prompt-window.ts). */
  promptMs: z.number().int().positive().optional(),
});

export type MtnMomoConfig = z.infer<typeof mtnMomoConfigSchema>;

type Env = Record<string, string | undefined>;

/**
 * The MTN MoMo configuration for a mode. Null in live mode while the credentials are not all set (the
 * gateway is then disabled); throws when they are set but wrong, naming the variable, never its value.
 */
export function configFromEnv(env: Env, opts: { mode: "simulator" | "live"; appUrl: string }): MtnMomoConfig | null {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const appUrl = opts.appUrl.replace(/\/+$/, "");
  const timeoutMs = get("MTN_MOMO_TIMEOUT_MS");
  let candidate: Record<string, unknown>;
  if (opts.mode === "simulator") {
    const targetEnvironment = get("MTN_MOMO_TARGET_ENVIRONMENT");
    candidate = {
      baseUrl: `${appUrl}/sim/mtn-momo`,
      ...MTN_SIMULATOR_CREDENTIALS,
      ...(targetEnvironment && { targetEnvironment }),
    };
  } else {
    const subscriptionKey = get("MTN_MOMO_SUBSCRIPTION_KEY");
    const apiUser = get("MTN_MOMO_API_USER");
    const apiKey = get("MTN_MOMO_API_KEY");
    if (!subscriptionKey || !apiUser || !apiKey) return null;
    const targetEnvironment = get("MTN_MOMO_TARGET_ENVIRONMENT") ?? SANDBOX_ENVIRONMENT;
    const baseUrl =
      get("MTN_MOMO_BASE_URL") ?? (targetEnvironment === SANDBOX_ENVIRONMENT ? MTN_SANDBOX_BASE_URL : undefined);
    if (!baseUrl) {
      // Production hosts are per country and not guessable: a wrong default would send keys elsewhere.
      throw new Error(
        `Invalid MTN MoMo configuration: MTN_MOMO_BASE_URL is required for target environment ${targetEnvironment}`,
      );
    }
    candidate = { baseUrl: baseUrl.replace(/\/+$/, ""), subscriptionKey, apiUser, apiKey, targetEnvironment };
  }
  if (timeoutMs !== undefined) candidate.timeoutMs = Number(timeoutMs);
  candidate.promptMs = promptLifetimeMs(env, opts.mode, APPROVAL_WINDOW_MS);
  const parsed = mtnMomoConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
    throw new Error(`Invalid MTN MoMo configuration: ${problems}`);
  }
  return parsed.data;
}
