/**
 * The ticket code's wire format, in one place for both sides that read it: the server, which signs and
 * verifies with Node's crypto (signing.ts), and the gate phone, which verifies offline with WebCrypto
 * (components/checkin/offline-verify.ts). Plain Uint8Array and TextEncoder only, so it runs in both.
 *
 *   code     = base64url(payload) "." base64url(Ed25519 signature)     (about 111 characters)
 *   payload  = format byte: 0x01 = compact ticket id (12 raw bytes follow), 0x02 = any other id (length
 *              byte + UTF-8 follow), so tickets created outside issueTickets still get a code
 *              ticket id
 *              4-byte event tag: the first 4 bytes of SHA-256(event id), so an offline scanner can say
 *              "another event's ticket" instead of "forged"
 *              code version, unsigned LEB128 (minimal encoding)
 *   signed   = DOMAIN + payload + UTF-8(event id)
 *
 * The event id itself is not in the code (the scanner knows its event, the server finds it from the
 * ticket), which keeps the code short while still binding it to one event, even when one key
 * (TICKET_SIGNING_KEY) signs for every event.
 */

/** What a code says before anyone has checked it: never trust these fields without a signature check. */
export interface ParsedCode {
  ticketId: string;
  eventTag: Uint8Array;
  version: number;
  payload: Uint8Array;
  signature: Uint8Array;
}

const FORMAT_COMPACT = 0x01;
const FORMAT_TEXT = 0x02;
export const COMPACT_ID_BYTES = 12;
export const TAG_BYTES = 4;
export const SIGNATURE_BYTES = 64;
const MAX_TEXT_ID_BYTES = 64;
export const MAX_VERSION = 0x7fffffff;
/** Longest code the parser looks at (a text id of 64 bytes); anything longer is not ours. */
export const MAX_CODE_LENGTH = 200;
const DOMAIN = new TextEncoder().encode("lango-ticket-v1\0");
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeBase64url(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** Only the one spelling Lango writes: no padding, no stray characters, no stray low bits at the end. */
export function decodeCanonicalBase64url(text: string): Uint8Array | null {
  if (!text || !BASE64URL.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const ch of text) {
    acc = ((acc << 6) | ALPHABET.indexOf(ch)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return encodeBase64url(out) === text ? out : null;
}

function encodeVarint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Uint8Array.from(out);
}

function decodeVarint(bytes: Uint8Array, start: number): { value: number; end: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = start; i < bytes.length && i < start + 5; i++) {
    const b = bytes[i];
    value += (b & 0x7f) * scale;
    if (!(b & 0x80)) {
      // Minimal encoding only: a trailing zero group would be a second spelling of the same number.
      if (b === 0 && i > start) return null;
      return value > MAX_VERSION ? null : { value, end: i + 1 };
    }
    scale *= 128;
  }
  return null;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function encodeTicketId(ticketId: string): Uint8Array {
  const compact = ticketId.length === 16 ? decodeCanonicalBase64url(ticketId) : null;
  if (compact && compact.length === COMPACT_ID_BYTES) return concatBytes(Uint8Array.of(FORMAT_COMPACT), compact);
  // A lone surrogate would be encoded as U+FFFD, so the code would name another ticket than the one signed for.
  if (!ticketId.isWellFormed()) throw new RangeError("Ticket id is not well-formed Unicode");
  const text = new TextEncoder().encode(ticketId);
  if (text.length === 0 || text.length > MAX_TEXT_ID_BYTES) throw new RangeError("Ticket id length out of range");
  return concatBytes(Uint8Array.of(FORMAT_TEXT, text.length), text);
}

/** The bytes a code carries before its signature. */
export function codePayload(ticketId: string, eventTag: Uint8Array, version: number): Uint8Array {
  if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION)
    throw new RangeError(`Ticket code version out of range: ${version}`);
  return concatBytes(encodeTicketId(ticketId), eventTag, encodeVarint(version));
}

/** What the signature covers: a domain tag, the payload and the full event id. */
export function signedMessage(payload: Uint8Array, eventId: string): Uint8Array {
  return concatBytes(DOMAIN, payload, new TextEncoder().encode(eventId));
}

export function formatCode(payload: Uint8Array, signature: Uint8Array): string {
  return `${encodeBase64url(payload)}.${encodeBase64url(signature)}`;
}

/**
 * Reads a code's structure without checking its signature. Strict: only the exact bytes Lango writes are
 * accepted (canonical base64url, so flipping the unused low bits of the last character is caught too).
 */
export function parseCode(code: string): ParsedCode | null {
  if (typeof code !== "string" || code.length > MAX_CODE_LENGTH) return null;
  const parts = code.split(".");
  if (parts.length !== 2) return null;
  const payload = decodeCanonicalBase64url(parts[0]);
  const signature = decodeCanonicalBase64url(parts[1]);
  if (!payload || !signature || signature.length !== SIGNATURE_BYTES) return null;

  let offset = 1;
  let ticketId: string;
  if (payload[0] === FORMAT_COMPACT) {
    if (payload.length < offset + COMPACT_ID_BYTES) return null;
    ticketId = encodeBase64url(payload.subarray(offset, offset + COMPACT_ID_BYTES));
    offset += COMPACT_ID_BYTES;
  } else if (payload[0] === FORMAT_TEXT) {
    const length = payload[offset++];
    if (!length || length > MAX_TEXT_ID_BYTES || payload.length < offset + length) return null;
    try {
      // Fatal: an id that is not valid UTF-8 has no second spelling to hide behind.
      ticketId = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
        payload.subarray(offset, offset + length),
      );
    } catch {
      return null;
    }
    offset += length;
  } else {
    return null;
  }
  if (payload.length < offset + TAG_BYTES) return null;
  const eventTag = payload.slice(offset, offset + TAG_BYTES);
  offset += TAG_BYTES;
  const version = decodeVarint(payload, offset);
  if (!version || version.end !== payload.length || version.value < 1) return null;
  return { ticketId, eventTag, version: version.value, payload, signature };
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
