/**
 * Where Lango offers Airtel Money collections: the Airtel Africa markets whose currency names exactly one
 * country. The status enquiry and the refund carry `X-Country` / `X-Currency` too (gateways.md §4), and a
 * StatusQuery only knows the payment's currency, so the country must follow from it. The CFA-franc markets
 * (Chad, Niger, Gabon, Congo-Brazzaville) share XAF/XOF and are left out rather than guessed.
 */
export interface AirtelMarket {
  currency: string;
  /** Country calling code, which Airtel wants left out of `msisdn` ("Do not send country code"). */
  dialCode: string;
  /** Digits of a national mobile number without the trunk 0. */
  nationalDigits: number;
  /** For buyer messages: "a Ugandan Airtel number". */
  adjective: string;
}

export const AIRTEL_MARKETS: Readonly<Record<string, AirtelMarket>> = {
  UG: { currency: "UGX", dialCode: "256", nationalDigits: 9, adjective: "Ugandan" },
  TZ: { currency: "TZS", dialCode: "255", nationalDigits: 9, adjective: "Tanzanian" },
  KE: { currency: "KES", dialCode: "254", nationalDigits: 9, adjective: "Kenyan" },
  RW: { currency: "RWF", dialCode: "250", nationalDigits: 9, adjective: "Rwandan" },
  ZM: { currency: "ZMW", dialCode: "260", nationalDigits: 9, adjective: "Zambian" },
  MW: { currency: "MWK", dialCode: "265", nationalDigits: 9, adjective: "Malawian" },
  MG: { currency: "MGA", dialCode: "261", nationalDigits: 9, adjective: "Malagasy" },
  CD: { currency: "CDF", dialCode: "243", nationalDigits: 9, adjective: "Congolese" },
  SC: { currency: "SCR", dialCode: "248", nationalDigits: 7, adjective: "Seychellois" },
};

export function airtelMarket(country: string): AirtelMarket | undefined {
  return AIRTEL_MARKETS[country.toUpperCase()];
}

export function airtelSupports(currency: string, country: string): boolean {
  return airtelMarket(country)?.currency === currency.toUpperCase();
}

/** The one market using this currency, for calls that only know the payment's currency. */
export function countryForCurrency(currency: string): string | undefined {
  const upper = currency.toUpperCase();
  return Object.keys(AIRTEL_MARKETS).find((c) => AIRTEL_MARKETS[c].currency === upper);
}
