/**
 * Where Lango offers Flutterwave and which of its `payment_options` (gateways.md §5) fit each currency:
 * the local currency in its own country, with that country's mobile money first, and USD by card in any
 * of them. Options the currency cannot use are never sent, so the hosted page shows only ways that work.
 */
export interface FlutterwaveMarket {
  currency: string;
  /** payment_options values for the local currency, in the order the buyer sees them. */
  options: readonly string[];
}

export const FLUTTERWAVE_MARKETS: Readonly<Record<string, FlutterwaveMarket>> = {
  KE: { currency: "KES", options: ["mpesa", "card"] },
  UG: { currency: "UGX", options: ["mobilemoneyuganda", "card"] },
  TZ: { currency: "TZS", options: ["mobilemoneytanzania", "card"] },
  RW: { currency: "RWF", options: ["mobilemoneyrwanda", "card"] },
  ZM: { currency: "ZMW", options: ["mobilemoneyzambia", "card"] },
  GH: { currency: "GHS", options: ["mobilemoneyghana", "card"] },
  NG: { currency: "NGN", options: ["card", "banktransfer", "ussd", "account"] },
  ZA: { currency: "ZAR", options: ["card", "1voucher"] },
};

/** Dollar payments are card payments wherever Flutterwave takes them. */
const USD_OPTIONS: readonly string[] = ["card"];

const LABELS: Readonly<Record<string, string>> = {
  mpesa: "M-Pesa",
  mobilemoneyuganda: "Mobile money (MTN, Airtel)",
  mobilemoneytanzania: "Mobile money (M-Pesa, Mixx by Yas, Airtel)",
  mobilemoneyrwanda: "Mobile money (MTN, Airtel)",
  mobilemoneyzambia: "Mobile money (MTN, Airtel, Zamtel)",
  mobilemoneyghana: "Mobile money (MTN, Telecel, AirtelTigo)",
  card: "Card",
  banktransfer: "Bank transfer",
  ussd: "USSD",
  account: "Bank account",
  "1voucher": "1Voucher",
};

/** The payment_options for a currency in a country; empty when Flutterwave is not offered there. */
export function flutterwaveOptions(currency: string, country: string): readonly string[] {
  const market = FLUTTERWAVE_MARKETS[country.toUpperCase()];
  if (!market) return [];
  const c = currency.toUpperCase();
  if (c === market.currency) return market.options;
  return c === "USD" ? USD_OPTIONS : [];
}

export function flutterwaveSupports(currency: string, country: string): boolean {
  return flutterwaveOptions(currency, country).length > 0;
}

/** What the buyer can pick in the payment panel (ids are Flutterwave's payment_options values). */
export function flutterwaveMethods(q: { currency: string; country: string }): { id: string; label: string }[] {
  return flutterwaveOptions(q.currency, q.country).map((id) => ({ id, label: LABELS[id] ?? id }));
}

/**
 * `payment_options` for one attempt: only the method the buyer picked when it fits, otherwise every
 * option that fits the currency (comma-separated, as Flutterwave's own examples write it).
 */
export function paymentOptionsFor(currency: string, country: string, method?: string): string {
  const options = flutterwaveOptions(currency, country);
  const picked = method?.toLowerCase();
  return picked && options.includes(picked) ? picked : options.join(", ");
}
