/**
 * Where Lango takes MTN MoMo and in what. MTN runs one platform per country, named by the
 * `X-Target-Environment` header; gateways.md §3 names `mtnrwanda`, the other names are those MTN's
 * developer portal lists for its production environments. Each takes its country's currency only.
 */
export interface MtnMarket {
  currency: string;
  targetEnvironment: string;
}

export const MTN_MARKETS: Readonly<Record<string, MtnMarket>> = {
  UG: { currency: "UGX", targetEnvironment: "mtnuganda" },
  RW: { currency: "RWF", targetEnvironment: "mtnrwanda" },
  GH: { currency: "GHS", targetEnvironment: "mtnghana" },
  ZM: { currency: "ZMW", targetEnvironment: "mtnzambia" },
};

/** MTN's sandbox environment: it takes EUR only (gateways.md §3 "Sandbox currency"). */
export const SANDBOX_ENVIRONMENT = "sandbox";
export const SANDBOX_CURRENCY = "EUR";

export function mtnMarket(country: string): MtnMarket | undefined {
  return MTN_MARKETS[country.toUpperCase()];
}

export function mtnSupports(currency: string, country: string): boolean {
  return mtnMarket(country)?.currency === currency.toUpperCase();
}
