/** Money is an integer amount in the currency's minor unit plus an ISO 4217 code, everywhere. */
export interface Money {
  amountMinor: number;
  currency: string;
}

const fractionDigitsCache = new Map<string, number>();

/** Digits after the decimal point in the currency's minor unit (KES 2, UGX 0), per ISO 4217 via ICU. */
export function minorUnitDigits(currency: string): number {
  let digits = fractionDigitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
    fractionDigitsCache.set(currency, digits);
  }
  return digits;
}

export function toMajorUnits(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** minorUnitDigits(currency);
}

export function fromMajorUnits(amountMajor: number, currency: string): number {
  return Math.round(amountMajor * 10 ** minorUnitDigits(currency));
}

/** "KES 2,500" — drops the decimals when the amount is whole, as prices are written in the region. */
export function formatMoney(amountMinor: number, currency: string): string {
  const major = toMajorUnits(amountMinor, currency);
  const whole = Number.isInteger(major);
  const number = new Intl.NumberFormat("en", {
    minimumFractionDigits: whole ? 0 : minorUnitDigits(currency),
    maximumFractionDigits: minorUnitDigits(currency),
  }).format(major);
  return `${currency} ${number}`;
}
