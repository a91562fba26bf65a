/**
 * What the Flutterwave simulator remembers: Standard checkouts (one per hosted link), the transactions
 * payers made on them, their refunds, and the merchant's dashboard settings for webhooks.
 */
import { gatewayState } from "../store";

/** The simulator's merchant key and webhook hash; the app's simulator-mode config uses the same values. */
export const SIM_SECRET_KEY = "FLWSECK_TEST-4c1f2b7e9d3a45f6b8e0c2d4a6f8b1e3-X";
export const SIM_SECRET_HASH = "lango-simulator-verif-hash";

export interface FlwCustomer {
  id: number;
  email: string;
  name: string;
  phone: string;
  createdAt: string;
}

export interface FlwCheckout {
  code: string;
  txRef: string;
  /** Hundredths of the currency's unit, so refunds add up exactly (UGX 5000 is 500000). */
  amountCents: number;
  currency: string;
  redirectUrl: string;
  /** The payment_options the page offers, already narrowed to the currency. */
  options: string[];
  customer: FlwCustomer;
  title: string;
  description: string;
  meta: unknown;
  createdAt: number;
  /** createdAt + session_duration; the link stops taking payments after it. */
  expiresAt: number;
  status: "open" | "completed" | "cancelled";
}

export interface FlwRefund {
  id: number;
  amountCents: number;
  flwRef: string;
  createdAt: string;
}

export interface FlwTransaction {
  id: string;
  txRef: string;
  flwRef: string;
  amountCents: number;
  currency: string;
  status: "successful" | "failed";
  /** The payment_options value used (card, mpesa, mobilemoneyuganda…). */
  option: string;
  processorResponse: string;
  phone: string;
  createdAt: string;
  customer: FlwCustomer;
  narration: string;
  meta: unknown;
  refunds: FlwRefund[];
}

export interface FlwDashboard {
  /** The dashboard's webhook version: "v3" sends `{event, data}`, "legacy" the flat camelCase shape. */
  webhookVersion: "v3" | "legacy";
  /** null: `${appUrl}/api/callbacks/flutterwave`. */
  webhookUrl: string | null;
  secretHash: string;
}

export interface FlutterwaveState {
  checkouts: Map<string, FlwCheckout>;
  transactions: Map<string, FlwTransaction>;
  dashboard: FlwDashboard;
}

export function flutterwaveState(): FlutterwaveState {
  return gatewayState<FlutterwaveState>("flutterwave", () => ({
    checkouts: new Map(),
    transactions: new Map(),
    dashboard: { webhookVersion: "v3", webhookUrl: null, secretHash: SIM_SECRET_HASH },
  }));
}

/** Keys the simulator knows as merchants: its own, and the app's test key when one is set. */
export function acceptedKeys(): Set<string> {
  const keys = new Set<string>([SIM_SECRET_KEY]);
  const own = process.env.FLUTTERWAVE_SECRET_KEY?.trim();
  if (own) keys.add(own);
  return keys;
}

/** A tx_ref's transaction as verify_by_reference reports it: the successful one, else the latest. */
export function transactionForRef(txRef: string): FlwTransaction | undefined {
  const matches = [...flutterwaveState().transactions.values()].filter((t) => t.txRef === txRef);
  return matches.find((t) => t.status === "successful") ?? matches.at(-1);
}

export function isExpired(c: FlwCheckout, now = Date.now()): boolean {
  return c.status === "open" && now > c.expiresAt;
}

/** Hundredths → Flutterwave's number in major units (2500.5, 5000). */
export const toAmount = (cents: number) => cents / 100;

/** A number or numeric string with at most two decimals → hundredths; anything else → null. */
export function parseAmount(value: unknown): number | null {
  const text =
    typeof value === "number" && Number.isFinite(value) ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(text)) return null;
  const [whole, frac = ""] = text.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}
