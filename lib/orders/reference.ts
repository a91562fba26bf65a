import { randomBytesPooled } from "../random";

// No 0/O, 1/I/L: references are read aloud at desks and typed into M-Pesa's account field.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

function randomString(length: number): string {
  const bytes = randomBytesPooled(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i];
    // Rejection sampling keeps every character equally likely.
    if (b < 256 - (256 % ALPHABET.length)) out += ALPHABET[b % ALPHABET.length];
  }
  return out.length === length ? out : randomString(length);
}

/** "LG" + 8 characters: 10 in all, within M-Pesa's 12-character AccountReference. */
export function newOrderReference(): string {
  return `LG${randomString(8)}`;
}

export function isOrderReference(value: string): boolean {
  return /^LG[A-HJ-NP-Z2-9]{8}$/.test(value);
}

/** Secret for the ticket link sent by e-mail. */
export function newAccessToken(): string {
  return randomBytesPooled(24).toString("base64url");
}
