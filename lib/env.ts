import { z } from "zod";
import { isTimeZone } from "./dates";

const schema = z.object({
  APP_URL: z.string().url().default("http://localhost:3000"),
  PAYMENTS_MODE: z.enum(["simulator", "live"]).default("simulator"),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  RESEND_API_KEY: z.string().optional(),
  EMAIL_FROM: z.string().optional(),
  TICKET_SIGNING_KEY: z.string().optional(),
  /** Orders per client IP per ten minutes; 0 turns the limit off. Needs TRUST_PROXY to know the IP. */
  ORDER_RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(30),
  /** Reverse proxies in front of the app that append to X-Forwarded-For: true (one) or their number. */
  TRUST_PROXY: z
    .string()
    .regex(/^\s*(true|false|\d+)\s*$/i, "true, false or the number of proxies")
    .optional(),
  /** Unpaid orders (and booths) one buyer, by e-mail or phone, may hold per event at once; 0 turns it off. */
  UNPAID_HOLDS_PER_BUYER: z.coerce.number().int().min(0).default(3),
  /** Unpaid orders one client address may hold per event at once (unknown addresses share a bucket 100 times as big); 0 turns it off. */
  UNPAID_HOLDS_PER_IP: z.coerce.number().int().min(0).default(10),
  /**
   * Free seats (free ticket types, 100 % codes) one client address may take per event, held or confirmed;
   * 0 (the default) turns it off. Off by default because many real buyers share one address behind a
   * carrier's NAT, and a free seat, once confirmed, never frees its place under the cap. Needs TRUST_PROXY.
   */
  FREE_SEATS_PER_IP: z.coerce.number().int().min(0).default(0),
  /** Percent of each ticket type's seats, and of an event's booths, that pay-at-the-desk holds may take at once. */
  DESK_HOLD_PERCENT: z.coerce.number().int().min(0).max(100).default(20),
  /** The zone the admin writes times in when a page spans events (lists, dashboard, filters): one zone, named once. */
  ORGANISER_TIME_ZONE: z
    .string()
    .refine(isTimeZone, "an IANA time zone such as Africa/Nairobi")
    .default("Africa/Nairobi"),
});

export type AppEnv = z.infer<typeof schema>;

const KEYS = Object.keys(schema.shape);

// Only the app's own variables: routes read the configuration on every request, and process.env holds
// hundreds of others (each read of it is a call into the C++ side).
const blankToUndefined = (env: Record<string, string | undefined>) =>
  Object.fromEntries(KEYS.map((k) => [k, env[k]?.trim() === "" ? undefined : env[k]]));

/** What is malformed in the environment, one entry per variable ([] when readEnv would succeed). */
export function envProblems(
  env: Record<string, string | undefined> = process.env,
): { variable: string; message: string }[] {
  const parsed = schema.safeParse(blankToUndefined(env));
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ variable: i.path.join("."), message: i.message }));
}

/** The last environment read and its configuration: an order reads it several times, always the same. */
let lastRead: { values: (string | undefined)[]; env: AppEnv } | undefined;

/**
 * The app's configuration, read from the environment (secrets never come from anywhere else). Parsed again
 * only when one of its variables changed since the last read (tests change them; a server does not).
 */
export function readEnv(env: Record<string, string | undefined> = process.env): AppEnv {
  const values = KEYS.map((k) => env[k]);
  if (lastRead?.values.every((v, i) => v === values[i])) return lastRead.env;
  const parsed = schema.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    const problems = envProblems(env)
      .map((p) => `${p.variable}: ${p.message}`)
      .join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  lastRead = { values, env: parsed.data };
  return parsed.data;
}

/**
 * Every demo account lives on this domain: .test is reserved (RFC 2606), so no real person has an address
 * on it, and live mode can refuse the whole domain without knowing each demo account by name.
 */
export const DEMO_EMAIL_DOMAIN = "lango.test";

/** Sign-in for the first admin in simulator mode when none is configured; printed at start. */
export const DEMO_ADMIN = { email: "admin@lango.test", password: "lango-demo-admin" } as const;

/** A gate-staff account created with the demo events (simulator mode only), so the scanner can be tried as staff. */
export const DEMO_STAFF = { email: "gate@lango.test", password: "lango-demo-gate" } as const;

/** A box-office cashier (sells, does not scan) created with the demo events (simulator mode only). */
export const DEMO_BOX_OFFICE = { email: "boxoffice@lango.test", password: "lango-demo-boxoffice" } as const;

/** A demo account's address (published in the README, so never an account in live mode). */
export function isDemoEmail(email: string): boolean {
  return email.trim().toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`);
}

/** Live mode never lets a demo account sign in, even if one survived in the database. */
export function demoSignInRefused(email: string, env: Record<string, string | undefined> = process.env): boolean {
  return env.PAYMENTS_MODE?.trim() === "live" && isDemoEmail(email);
}
