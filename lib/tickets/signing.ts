import { createHash, randomBytes, sign, verify, type KeyObject } from "node:crypto";

/**
 * Ticket codes: `base64url(payload) + "." + base64url(Ed25519 signature)`, about 111 characters, so the
 * QR stays small (version 6 at error correction M) and scans from a cracked phone screen in sunlight.
 *
 * Payload (18 bytes for a ticket issued by Lango):
 *   byte 0      format: 0x01 = compact ticket id (12 bytes follow), 0x02 = any other id (length byte +
 *               UTF-8 follow), so tickets created outside issueTickets still get a code
 *   ticket id
 *   4 bytes     event tag: the first 4 bytes of SHA-256(event id), so an offline scanner can say "another
 *               event's ticket" instead of "forged"
 *   1–5 bytes   code version, unsigned LEB128
 *
 * The signature covers a domain tag, the payload and the full event id. The event id itself is not in
 * the code (the scanner knows its event, the server finds it from the ticket), which keeps the code short
 * while still binding it to one event, even when one key (TICKET_SIGNING_KEY) signs for every event.
 */

export interface TicketClaim {
  ticketId: string;
  eventId: string;
  version: number;
}

/** What a code says before anyone has checked it: never trust these fields without verifyTicketCode. */
export interface ParsedTicketCode {
  ticketId: string;
  eventTag: Buffer;
  version: number;
  payload: Buffer;
  signature: Buffer;
}

const FORMAT_COMPACT = 0x01;
const FORMAT_TEXT = 0x02;
const COMPACT_ID_BYTES = 12;
const TAG_BYTES = 4;
const SIGNATURE_BYTES = 64;
const MAX_TEXT_ID_BYTES = 64;
const MAX_VERSION = 0x7fffffff;
/** Longest code the parser looks at (a text id of 64 bytes); anything longer is not ours. */
export const MAX_CODE_LENGTH = 200;
const DOMAIN = Buffer.from("lango-ticket-v1\0", "utf8");
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * A new ticket id in the compact form (12 random bytes, 16 base64url characters): 96 bits is plenty
 * for uniqueness and packs into the code as raw bytes.
 */
export function newTicketId(): string {
  return randomBytes(COMPACT_ID_BYTES).toString("base64url");
}

export function eventTag(eventId: string): Buffer {
  return createHash("sha256").update(eventId, "utf8").digest().subarray(0, TAG_BYTES);
}

export function signTicketCode(claim: TicketClaim, privateKey: KeyObject): string {
  if (!Number.isInteger(claim.version) || claim.version < 1 || claim.version > MAX_VERSION) {
    throw new RangeError(`Ticket code version out of range: ${claim.version}`);
  }
  const payload = Buffer.concat([encodeTicketId(claim.ticketId), eventTag(claim.eventId), encodeVarint(claim.version)]);
  const signature = sign(null, signedMessage(payload, claim.eventId), privateKey);
  return `${payload.toString("base64url")}.${signature.toString("base64url")}`;
}

/**
 * Reads a code's structure without checking its signature. Strict: only the exact bytes Lango writes are
 * accepted (canonical base64url, so flipping the unused low bits of the last character is caught too).
 */
export function parseTicketCode(code: string): ParsedTicketCode | null {
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
    ticketId = payload.subarray(offset, offset + COMPACT_ID_BYTES).toString("base64url");
    offset += COMPACT_ID_BYTES;
  } else if (payload[0] === FORMAT_TEXT) {
    const length = payload[offset++];
    if (!length || length > MAX_TEXT_ID_BYTES || payload.length < offset + length) return null;
    const bytes = payload.subarray(offset, offset + length);
    ticketId = bytes.toString("utf8");
    if (!Buffer.from(ticketId, "utf8").equals(bytes)) return null;
    offset += length;
  } else {
    return null;
  }
  if (payload.length < offset + TAG_BYTES) return null;
  const tag = payload.subarray(offset, offset + TAG_BYTES);
  offset += TAG_BYTES;
  const version = decodeVarint(payload, offset);
  if (!version || version.end !== payload.length || version.value < 1) return null;
  return { ticketId, eventTag: Buffer.from(tag), version: version.value, payload, signature };
}

/** Whether a parsed code names this event (unverified: a mismatch means "not for this event", a match proves nothing). */
export function codeNamesEvent(parsed: ParsedTicketCode, eventId: string): boolean {
  return parsed.eventTag.equals(eventTag(eventId));
}

/**
 * Checks a code against the event it is presented at and that event's public key. Returns what the
 * code claims only if the signature is good; any altered character gives null.
 */
export function verifyTicketCode(code: string | ParsedTicketCode, eventId: string, publicKey: KeyObject): TicketClaim | null {
  const parsed = typeof code === "string" ? parseTicketCode(code) : code;
  if (!parsed || !codeNamesEvent(parsed, eventId)) return null;
  let ok = false;
  try {
    ok = verify(null, signedMessage(parsed.payload, eventId), publicKey, parsed.signature);
  } catch {
    ok = false;
  }
  return ok ? { ticketId: parsed.ticketId, eventId, version: parsed.version } : null;
}

export type CodeCheck = { ok: true; claim: TicketClaim } | { ok: false; reason: "invalid" | "revoked" };

/**
 * Checks a code against the ticket it names: a forged or altered code, or one for another event, is
 * "invalid"; a genuine code of an older version (cancelled, refunded or re-issued since) is "revoked".
 */
export function checkTicketCode(
  code: string | ParsedTicketCode,
  ticket: { eventId: string; codeVersion: number },
  publicKey: KeyObject,
): CodeCheck {
  const claim = verifyTicketCode(code, ticket.eventId, publicKey);
  if (!claim) return { ok: false, reason: "invalid" };
  if (claim.version < ticket.codeVersion) return { ok: false, reason: "revoked" };
  // Lango never signs a version ahead of the ticket; refuse one anyway.
  if (claim.version > ticket.codeVersion) return { ok: false, reason: "invalid" };
  return { ok: true, claim };
}

function signedMessage(payload: Buffer, eventId: string): Buffer {
  return Buffer.concat([DOMAIN, payload, Buffer.from(eventId, "utf8")]);
}

function encodeTicketId(ticketId: string): Buffer {
  const compact = ticketId.length === 16 && BASE64URL.test(ticketId) ? Buffer.from(ticketId, "base64url") : null;
  if (compact && compact.length === COMPACT_ID_BYTES && compact.toString("base64url") === ticketId) {
    return Buffer.concat([Buffer.of(FORMAT_COMPACT), compact]);
  }
  const text = Buffer.from(ticketId, "utf8");
  if (text.length === 0 || text.length > MAX_TEXT_ID_BYTES) throw new RangeError("Ticket id length out of range");
  return Buffer.concat([Buffer.of(FORMAT_TEXT, text.length), text]);
}

/** Node's decoder skips stray characters and ignores trailing bits; re-encoding catches both. */
function decodeCanonicalBase64url(text: string): Buffer | null {
  if (!text || !BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : null;
}

function encodeVarint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}

function decodeVarint(bytes: Buffer, start: number): { value: number; end: number } | null {
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
