/** Identifier and timestamp formats the simulated gateways put on the wire. */
import { randomInt, randomUUID } from "node:crypto";

const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const DIGITS = "0123456789";
const HEX = "0123456789abcdef";

export function randomChars(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const randomDigits = (n: number) => randomChars(DIGITS, n);
export const randomHex = (n: number) => randomChars(HEX, n);
export const randomUpperAlnum = (n: number) => randomChars(UPPER_ALNUM, n);
export const randomAlnum = (n: number) => randomChars(ALNUM, n);

export function randomId(prefix: string): string {
  return prefix + randomUUID().replace(/-/g, "").slice(0, 20);
}

export function upperUuid(): string {
  return randomUUID().toUpperCase();
}

/** Wall-clock parts in East Africa Time (UTC+3 all year), where Safaricom stamps its transactions. */
export function eatParts(date = new Date()) {
  const eat = new Date(date.getTime() + 3 * 60 * 60 * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return {
    yyyy: String(eat.getUTCFullYear()),
    MM: p(eat.getUTCMonth() + 1),
    dd: p(eat.getUTCDate()),
    HH: p(eat.getUTCHours()),
    mm: p(eat.getUTCMinutes()),
    ss: p(eat.getUTCSeconds()),
    SSS: p(eat.getUTCMilliseconds(), 3),
  };
}

/** `YYYYMMDDHHmmss` in EAT, as in Daraja timestamps. */
export function eatCompact(date = new Date()): string {
  const t = eatParts(date);
  return `${t.yyyy}${t.MM}${t.dd}${t.HH}${t.mm}${t.ss}`;
}
