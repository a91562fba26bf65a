/** Money is an integer amount in the currency's minor unit plus an ISO 4217 code, everywhere. */
export interface Money {
  amountMinor: number;
  currency: string;
}

const fractionDigitsCache = new Map<string, number>();

/** Digits after the decimal point in the currency's minor unit (KES 2, UGX 0), per ISO 4217 via ICU. */
export function minorUnitDigits(currency: string): number {
  let digits = fractionDigitsCache.get(currency);
  // Stryker disable next-line ConditionalExpression: the cache only saves time; recomputing gives the same digits
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
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

/**
 * "KES 2,500" — drops the decimals when the amount is whole, as prices are written in the region. The
 * digits follow the page's language (`lang`); the ISO code stays in every language (KES, TZS, UGX), as
 * M-Pesa's own messages write it, rather than a sign that differs by locale (TSh, USh, Ksh).
 */
export function formatMoney(amountMinor: number, currency: string, lang = "en"): string {
  const major = toMajorUnits(amountMinor, currency);
  const whole = Number.isInteger(major);
  const number = new Intl.NumberFormat(lang, {
    minimumFractionDigits: whole ? 0 : minorUnitDigits(currency),
    maximumFractionDigits: minorUnitDigits(currency),
  }).format(major);
  return `${currency} ${number}`;
}

/**
 * What a person typed in major units ("2,500", "1500.50") as minor units, by string arithmetic so that
 * "0.29" is 29 and not 28.999…; null unless it is a plain non-negative amount with at most the
 * currency's decimals. Commas are thousands separators, as prices are written in the region.
 */
export function parseMajorUnits(text: string, currency: string): number | null {
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return null;
  const digits = minorUnitDigits(currency);
  const fraction = m[2] ?? "";
  if (fraction.length > digits) return null;
  // Stryker disable next-line StringLiteral: Number("") is 0 too; the "0" is for the reader
  const amount = Number(m[1].replaceAll(",", "")) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(amount) ? amount : null;
}

/** Minor units as a form's default in major units: "2500" when whole, else "2500.50". */
export function majorUnitsInput(amountMinor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const whole = Math.floor(amountMinor / 10 ** digits);
  const rest = amountMinor % 10 ** digits;
  return rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(digits, "0")}`;
}
