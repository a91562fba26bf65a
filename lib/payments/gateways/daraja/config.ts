import { z } from "zod";
import { promptLifetimeMs } from "../prompt-window";
import { FORBIDDEN_URL_WORDS } from "./transform";

/**
 * An STK prompt is answerable for about a minute on the phone; after that Safaricom reports 1037/1019.
 * (Safaricom documents no exact figure; a minute is what integrators observe and what "Unable to lock
 * subscriber" tells callers to wait.)
 */
export const STK_PROMPT_MS = 60_000;

/** Sandbox values published by Safaricom (gateways.md §1 "Sandbox test values"); not secrets. */
export const DARAJA_SANDBOX = {
  shortcode: "174379",
  passkey: "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919",
  initiatorName: "testapi",
  b2cShortcode: "600997",
} as const;

const digits = z.string().regex(/^\d{5,8}$/, "must be a 5–8 digit shortcode");

export const darajaConfigSchema = z
  .object({
    /** Public base URL of this app; refund result URLs are built from it. */
    appUrl: z.url(),
    baseUrl: z.url(),
    consumerKey: z.string().min(1),
    consumerSecret: z.string().min(1),
    shortcode: digits,
    passkey: z.string().min(1),
    transactionType: z.enum(["CustomerPayBillOnline", "CustomerBuyGoodsOnline"]),
    /** Receiving party: the till for BuyGoods, otherwise the paybill shortcode. */
    partyB: digits,
    /**
     * Secret carried in the query string of every callback URL we give Safaricom, since Daraja signs nothing.
     * Letters, digits, `-` and `_` only, so it needs no encoding, and never one of the words Safaricom
     * refuses in callback URLs.
     */
    callbackToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{24,128}$/, "must be 24–128 letters, digits, '-' or '_'")
      .refine((t) => !FORBIDDEN_URL_WORDS.some((w) => t.toLowerCase().includes(w)), {
        message: `must not contain ${FORBIDDEN_URL_WORDS.join(", ")}`,
      }),
    /** Source IPs allowed to post callbacks; empty means no IP check (the URL token still applies). */
    allowedIps: z.array(z.string().min(1)),
    /** B2C / reversal initiator; refunds are refused while these are unset. */
    initiatorName: z.string().min(1).optional(),
    securityCredential: z.string().min(1).optional(),
    b2cShortcode: digits.optional(),
    /**
     * The paybill buyers pay into by hand (C2B), account number = order reference. Unset for a till
     * (BuyGoods has no account number to match an order by).
     */
    c2bShortcode: digits.optional(),
    timeoutMs: z.number().int().positive().optional(),
    /** How long an STK prompt stays answerable on the phone (prompt-window.ts). */
    promptMs: z.number().int().positive().optional(),
  })
  .refine((c) => c.transactionType !== "CustomerBuyGoodsOnline" || c.partyB !== c.shortcode, {
    message: "CustomerBuyGoodsOnline needs DARAJA_PARTY_B (the till number), which differs from the store shortcode",
    path: ["partyB"],
  });

export type DarajaConfig = z.infer<typeof darajaConfigSchema>;

/**
 * A fixed token in simulator mode: the simulator only echoes the URL it was given, and a per-process random
 * one would break callbacks across dev-server reloads. Hex, so it can never spell a forbidden word.
 */
export const SIMULATOR_CALLBACK_TOKEN = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

type Env = Record<string, string | undefined>;

/**
 * The Daraja configuration for a mode. Returns null in live mode when the credentials are not all set (the
 * gateway is then disabled); throws when they are set but wrong, because a half-working gateway is worse.
 */
export function configFromEnv(env: Env, opts: { mode: "simulator" | "live"; appUrl: string }): DarajaConfig | null {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const appUrl = opts.appUrl.replace(/\/+$/, "");
  const timeoutMs = get("DARAJA_TIMEOUT_MS");
  const common = {
    appUrl,
    allowedIps: (get("DARAJA_ALLOWED_IPS") ?? "")
      .split(",")
      .map((ip) => ip.trim())
      .filter(Boolean),
    ...(timeoutMs !== undefined && { timeoutMs: Number(timeoutMs) }),
    promptMs: promptLifetimeMs(env, opts.mode, STK_PROMPT_MS),
  };

  let candidate: Record<string, unknown>;
  if (opts.mode === "simulator") {
    candidate = {
      ...common,
      baseUrl: `${appUrl}/sim/daraja`,
      consumerKey: "simulator-consumer-key",
      consumerSecret: "simulator-consumer-secret",
      shortcode: DARAJA_SANDBOX.shortcode,
      passkey: DARAJA_SANDBOX.passkey,
      transactionType: "CustomerPayBillOnline",
      partyB: DARAJA_SANDBOX.shortcode,
      callbackToken: get("DARAJA_CALLBACK_TOKEN") ?? SIMULATOR_CALLBACK_TOKEN,
      initiatorName: DARAJA_SANDBOX.initiatorName,
      securityCredential: "simulator-security-credential",
      b2cShortcode: DARAJA_SANDBOX.b2cShortcode,
      c2bShortcode: DARAJA_SANDBOX.shortcode,
    };
  } else {
    const required = [
      "DARAJA_CONSUMER_KEY",
      "DARAJA_CONSUMER_SECRET",
      "DARAJA_SHORTCODE",
      "DARAJA_PASSKEY",
      "DARAJA_CALLBACK_TOKEN",
    ];
    if (required.some((name) => get(name) === undefined)) return null;
    const shortcode = get("DARAJA_SHORTCODE");
    candidate = {
      ...common,
      baseUrl: (get("DARAJA_BASE_URL") ?? "https://sandbox.safaricom.co.ke").replace(/\/+$/, ""),
      consumerKey: get("DARAJA_CONSUMER_KEY"),
      consumerSecret: get("DARAJA_CONSUMER_SECRET"),
      shortcode,
      passkey: get("DARAJA_PASSKEY"),
      transactionType: get("DARAJA_TRANSACTION_TYPE") ?? "CustomerPayBillOnline",
      partyB: get("DARAJA_PARTY_B") ?? shortcode,
      callbackToken: get("DARAJA_CALLBACK_TOKEN"),
      initiatorName: get("DARAJA_INITIATOR_NAME"),
      securityCredential: get("DARAJA_SECURITY_CREDENTIAL"),
      b2cShortcode: get("DARAJA_B2C_SHORTCODE"),
      c2bShortcode:
        get("DARAJA_C2B_SHORTCODE") ??
        ((get("DARAJA_TRANSACTION_TYPE") ?? "CustomerPayBillOnline") === "CustomerPayBillOnline"
          ? shortcode
          : undefined),
    };
  }

  const parsed = darajaConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    // Name the variable, never echo its value: these are credentials.
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
    throw new Error(`Invalid Daraja configuration: ${problems}`);
  }
  return parsed.data;
}
