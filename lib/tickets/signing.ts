import { createHash, randomBytes, sign, verify, type KeyObject } from "node:crypto";
import { codePayload, COMPACT_ID_BYTES, formatCode, parseCode, signedMessage, TAG_BYTES } from "./code-format";

export { MAX_CODE_LENGTH } from "./code-format";

/**
 * Signing and checking ticket codes on the server (Node's Ed25519). The format itself — about 111
 * characters, so the QR stays small (version 6 at error correction M) and scans from a cracked phone
 * screen in sunlight — is in code-format.ts, shared with the gate phone's offline check.
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

/**
 * A new ticket id in the compact form (12 random bytes, 16 base64url characters): 96 bits is plenty
 * for uniqueness and packs into the code as raw bytes. Never starting with "-": a spreadsheet would
 * read such an id in an export as a formula (the CSV export has to quote it as '-…), and a command
 * line as an option.
 */
export function newTicketId(): string {
  for (;;) {
    const id = randomBytes(COMPACT_ID_BYTES).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

export function eventTag(eventId: string): Buffer {
  // Stryker disable next-line StringLiteral: "utf8" is update()'s default for a string; named for the reader
  return createHash("sha256").update(eventId, "utf8").digest().subarray(0, TAG_BYTES);
}

export function signTicketCode(claim: TicketClaim, privateKey: KeyObject): string {
  const payload = codePayload(claim.ticketId, eventTag(claim.eventId), claim.version);
  return formatCode(payload, sign(null, signedMessage(payload, claim.eventId), privateKey));
}

/** Reads a code's structure without checking its signature (strict: see parseCode). */
export function parseTicketCode(code: string): ParsedTicketCode | null {
  const parsed = parseCode(code);
  if (!parsed) return null;
  return {
    ...parsed,
    eventTag: Buffer.from(parsed.eventTag),
    payload: Buffer.from(parsed.payload),
    signature: Buffer.from(parsed.signature),
  };
}

/** Whether a parsed code names this event (unverified: a mismatch means "not for this event", a match proves nothing). */
export function codeNamesEvent(parsed: ParsedTicketCode, eventId: string): boolean {
  return parsed.eventTag.equals(eventTag(eventId));
}

/**
 * Checks a code against the event it is presented at and that event's public key. Returns what the
 * code claims only if the signature is good; any altered character gives null.
 */
export function verifyTicketCode(
  code: string | ParsedTicketCode,
  eventId: string,
  publicKey: KeyObject,
): TicketClaim | null {
  const parsed = typeof code === "string" ? parseTicketCode(code) : code;
  // Stryker disable next-line ConditionalExpression: a fast refusal; the signature covers the event id anyway
  if (!parsed || !codeNamesEvent(parsed, eventId)) return null;
  try {
    const ok = verify(null, signedMessage(parsed.payload, eventId), publicKey, parsed.signature);
    return ok ? { ticketId: parsed.ticketId, eventId, version: parsed.version } : null;
  } catch {
    // A key Node cannot verify Ed25519 with: a refusal, never an admission.
    return null;
  }
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
