import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

/**
 * Normalises what a buyer typed ("0712 345 678", "+254712345678", "712345678") to E.164 for the event's
 * country, or null when it is not a valid number there or abroad. The `max` metadata also checks that
 * the number is a mobile line where the country's plan says so.
 */
export function normalizePhone(input: string, country: string): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), country as CountryCode);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}
