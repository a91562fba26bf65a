import { getExampleNumber, type CountryCode } from "libphonenumber-js/max";
import examples from "libphonenumber-js/mobile/examples";

/**
 * A mobile number as people in the event's country write it ("081 234 5678" in Thailand, "0712 345678" in
 * Uganda), from libphonenumber's own examples, so a hint never shows a Kenyan shape to a Bangkok buyer.
 * International form for a country the metadata does not know. Server-side: the examples stay out of
 * the browser bundles, which get the string.
 */
export function examplePhone(country: string): { national: string; international: string } | null {
  const n = getExampleNumber(country.toUpperCase() as CountryCode, examples);
  return n ? { national: n.formatNational(), international: n.formatInternational() } : null;
}
