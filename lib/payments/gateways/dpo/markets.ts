/**
 * Where Lango takes DPO payments and in what: one row per country with DPO's lowercase country name (for
 * DefaultPaymentCountry), the local currency plus USD, the zone for ServiceDate, and the mobile-money
 * operator codes DPO documents for that country. Countries without documented MNO codes get no mobile-money
 * preselection: the buyer picks on DPO's page rather than us guessing a code DPO might refuse.
 */
export interface DpoMarket {
  name: string;
  currencies: readonly string[];
  timeZone: string;
  /** Our `InitiateInput.method` → DefaultPaymentMNO. */
  mno: Readonly<Record<string, string>>;
}

export const DPO_MARKETS: Readonly<Record<string, DpoMarket>> = {
  // Vodacom M-Pesa, Tigo (now Mixx by Yas) and Airtel Money.
  TZ: {
    name: "tanzania",
    currencies: ["TZS", "USD"],
    timeZone: "Africa/Dar_es_Salaam",
    mno: { mpesa: "mpesa", tigo: "tigo", mixx: "tigo", airtel: "airtel" },
  },
  KE: {
    name: "kenya",
    currencies: ["KES", "USD"],
    timeZone: "Africa/Nairobi",
    mno: { mpesa: "mpesa", airtel: "airtel" },
  },
  UG: { name: "uganda", currencies: ["UGX", "USD"], timeZone: "Africa/Kampala", mno: {} },
  ZM: { name: "zambia", currencies: ["ZMW", "USD"], timeZone: "Africa/Lusaka", mno: {} },
  RW: { name: "rwanda", currencies: ["RWF", "USD"], timeZone: "Africa/Kigali", mno: {} },
  MW: { name: "malawi", currencies: ["MWK", "USD"], timeZone: "Africa/Blantyre", mno: {} },
  GH: { name: "ghana", currencies: ["GHS", "USD"], timeZone: "Africa/Accra", mno: {} },
  BW: { name: "botswana", currencies: ["BWP", "USD"], timeZone: "Africa/Gaborone", mno: {} },
  NA: { name: "namibia", currencies: ["NAD", "USD"], timeZone: "Africa/Windhoek", mno: {} },
  ZA: { name: "south africa", currencies: ["ZAR", "USD"], timeZone: "Africa/Johannesburg", mno: {} },
};

export function dpoMarket(country: string): DpoMarket | undefined {
  return DPO_MARKETS[country.toUpperCase()];
}

export function dpoSupports(currency: string, country: string): boolean {
  return dpoMarket(country)?.currencies.includes(currency.toUpperCase()) ?? false;
}

/** Methods that mean "preselect mobile money" (DefaultPayment MO). */
export const MOBILE_MONEY_METHODS = new Set(["mpesa", "tigo", "mixx", "airtel"]);

/** The mobile-money networks DPO's page offers beside cards, per country. */
const MOBILE_MONEY_OPTIONS: Record<string, { id: string; label: string }[]> = {
  TZ: [
    { id: "mpesa", label: "Vodacom M-Pesa" },
    { id: "tigo", label: "Mixx by Yas (Tigo Pesa)" },
    { id: "airtel", label: "Airtel Money" },
  ],
  KE: [
    { id: "mpesa", label: "M-Pesa" },
    { id: "airtel", label: "Airtel Money" },
  ],
};

/** What a buyer can pick on DPO's page in this country: cards everywhere, mobile money where it has it. */
export function dpoMethods(country: string): { id: string; label: string }[] {
  return [{ id: "card", label: "Card" }, ...(MOBILE_MONEY_OPTIONS[country] ?? [])];
}
