import { z } from "zod";

/** Public DPO sandbox values (gateways.md §2 "Sandbox values"); not secrets. */
export const DPO_SANDBOX = {
  companyToken: "9F416C11-127B-4DE2-AC7F-D5710E4C5E0A",
  serviceType: "3854",
} as const;

export const dpoConfigSchema = z.object({
  /** The XML API endpoint; requests are POSTed to it as is, so it keeps its trailing slash. */
  apiUrl: z.url(),
  /** The hosted payment page; the buyer goes to `${paymentPageUrl}?ID={TransToken}`. */
  paymentPageUrl: z.url(),
  companyToken: z.string().min(1),
  serviceType: z.string().regex(/^\d+$/, "must be DPO's numeric service type"),
  timeoutMs: z.number().int().positive().optional(),
});

export type DpoConfig = z.infer<typeof dpoConfigSchema>;

type Env = Record<string, string | undefined>;

const withSlash = (url: string) => (url.endsWith("/") ? url : `${url}/`);

/**
 * The DPO configuration for a mode. Returns null in live mode when DPO_COMPANY_TOKEN or DPO_SERVICE_TYPE is
 * unset (the gateway is then disabled); throws when set but malformed, naming the variable, never its value.
 */
export function configFromEnv(env: Env, opts: { mode: "simulator" | "live"; appUrl: string }): DpoConfig | null {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const appUrl = opts.appUrl.replace(/\/+$/, "");
  const timeoutMs = get("DPO_TIMEOUT_MS");
  let candidate: Record<string, unknown>;
  if (opts.mode === "simulator") {
    candidate = {
      apiUrl: `${appUrl}/sim/dpo/API/v6/`,
      paymentPageUrl: `${appUrl}/sim/dpo/payv2.php`,
      companyToken: DPO_SANDBOX.companyToken,
      serviceType: DPO_SANDBOX.serviceType,
    };
  } else {
    const companyToken = get("DPO_COMPANY_TOKEN");
    const serviceType = get("DPO_SERVICE_TYPE");
    if (!companyToken || !serviceType) return null;
    candidate = {
      apiUrl: withSlash(get("DPO_API_URL") ?? "https://secure.3gdirectpay.com/API/v6/"),
      paymentPageUrl: get("DPO_PAYMENT_URL") ?? "https://secure.3gdirectpay.com/payv2.php",
      companyToken,
      serviceType,
    };
  }
  if (timeoutMs !== undefined) candidate.timeoutMs = Number(timeoutMs);
  const parsed = dpoConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
    throw new Error(`Invalid DPO configuration: ${problems}`);
  }
  return parsed.data;
}
