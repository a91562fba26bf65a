import * as ed from "@noble/ed25519";
import type { BundleRevocation, BundleTicket, OfflineBundle } from "@/lib/checkin/offline-bundle";

/**
 * The gate phone's own check of a ticket code, for when there is no network: the same strict parse as
 * lib/tickets/signing.ts (which is Node-only), written for the browser, and an Ed25519 signature check
 * against the event's public key from the offline bundle.
 */

export interface ParsedCode {
  ticketId: string;
  eventTag: Uint8Array;
  version: number;
  payload: Uint8Array;
  signature: Uint8Array;
}

const FORMAT_COMPACT = 0x01;
const FORMAT_TEXT = 0x02;
const COMPACT_ID_BYTES = 12;
const TAG_BYTES = 4;
const SIGNATURE_BYTES = 64;
const MAX_TEXT_ID_BYTES = 64;
const MAX_VERSION = 0x7fffffff;
const MAX_CODE_LENGTH = 200;
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
    acc = (acc << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return encodeBase64url(out) === text ? out : null;
}

function decodeVarint(bytes: Uint8Array, start: number): { value: number; end: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = start; i < bytes.length && i < start + 5; i++) {
    const b = bytes[i];
    value += (b & 0x7f) * scale;
    if (!(b & 0x80)) {
      if (b === 0 && i > start) return null;
      return value > MAX_VERSION ? null : { value, end: i + 1 };
    }
    scale *= 128;
  }
  return null;
}

/** The structure of a code, unverified; null for anything Lango would not have written. */
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
      ticketId = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(payload.subarray(offset, offset + length));
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

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** The library check, for browsers whose WebCrypto has no Ed25519 (Chrome before 137, Safari before 17). */
export function verifyWithLibrary(publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  // RFC 8032's strict rules, like OpenSSL on the server, so both sides refuse the same odd signatures.
  return ed.verifyAsync(signature, message, publicKey, { zip215: false }).catch(() => false);
}

export type CodeVerification = { ok: true; ticketId: string; version: number } | { ok: false; reason: "invalid" | "wrong_event" };

export interface CodeVerifier {
  eventId: string;
  verify(code: string): Promise<CodeVerification>;
}

/**
 * A verifier for one event's codes. A code naming another event is `wrong_event` (the 4-byte tag exists
 * so the gate can say so instead of "forged"); any other failure is `invalid`.
 */
export async function createVerifier(eventId: string, publicKeyRaw: string | null, opts: { useWebCrypto?: boolean } = {}): Promise<CodeVerifier> {
  const eventBytes = new TextEncoder().encode(eventId);
  const tag = new Uint8Array(await crypto.subtle.digest("SHA-256", eventBytes)).subarray(0, TAG_BYTES);
  const rawKey = publicKeyRaw ? decodeCanonicalBase64url(publicKeyRaw) : null;
  let webKey: CryptoKey | null = null;
  if (rawKey && opts.useWebCrypto !== false) {
    webKey = await crypto.subtle.importKey("raw", rawKey as BufferSource, { name: "Ed25519" }, false, ["verify"]).catch(() => null);
  }
  const check = (signature: Uint8Array, message: Uint8Array) =>
    webKey
      ? crypto.subtle.verify({ name: "Ed25519" }, webKey, signature as BufferSource, message as BufferSource).catch(() => false)
      : verifyWithLibrary(rawKey!, signature, message);
  return {
    eventId,
    async verify(code) {
      const parsed = parseCode(code.trim());
      if (!parsed) return { ok: false, reason: "invalid" };
      if (!parsed.eventTag.every((b, i) => b === tag[i])) return { ok: false, reason: "wrong_event" };
      if (!rawKey || rawKey.length !== 32) return { ok: false, reason: "invalid" };
      const ok = await check(parsed.signature, concat(DOMAIN, parsed.payload, eventBytes));
      return ok ? { ok: true, ticketId: parsed.ticketId, version: parsed.version } : { ok: false, reason: "invalid" };
    },
  };
}

export type OfflineResult = "ok" | "already_checked_in" | "invalid" | "not_paid" | "revoked" | "wrong_event";

/** The bundle as lookups by ticket id. */
export interface BundleIndex {
  bundle: OfflineBundle;
  tickets: Map<string, BundleTicket>;
  revoked: Map<string, BundleRevocation>;
}

export function indexBundle(bundle: OfflineBundle): BundleIndex {
  return { bundle, tickets: new Map(bundle.tickets.map((t) => [t[0], t])), revoked: new Map(bundle.revoked.map((r) => [r[0], r])) };
}

export interface OfflineDecision {
  result: OfflineResult;
  ticketId?: string;
  /** What the bundle says of the ticket, when it knows it. */
  ticket?: { id: string; attendeeName: string; ticketType: string | null; orderReference: string };
  /** `already_checked_in` per the bundle: when and where, as the server last said. */
  checkedInAt?: string;
  gate?: string | null;
}

/**
 * What the bundle says of a code. A genuine code of a ticket the bundle does not know was issued after
 * the bundle was made (tickets are only issued for paid orders), so it is admitted; a version ahead of
 * the bundle's is a re-issue the bundle has not seen yet, also genuine.
 */
export async function checkWithBundle(verifier: CodeVerifier, index: BundleIndex, code: string): Promise<OfflineDecision> {
  const verified = await verifier.verify(code);
  if (!verified.ok) return { result: verified.reason };
  const { ticketId, version } = verified;
  const t = index.tickets.get(ticketId);
  const ticket = t ? { id: t[0], attendeeName: t[2], ticketType: t[3], orderReference: t[4] } : undefined;
  const revocation = index.revoked.get(ticketId);
  if (revocation && version <= revocation[1]) return { result: revocation[2], ticketId };
  if (t && version < t[1]) return { result: "revoked", ticketId, ticket };
  if (t?.[5]) return { result: "already_checked_in", ticketId, ticket, checkedInAt: t[5], gate: t[6] };
  return { result: "ok", ticketId, ticket };
}

/** What this phone remembers of its own scans: enough to say "already in, scanned here at …". */
export interface ScanMemory {
  ticketId: string | null;
  localResult: OfflineResult;
  serverResult?: OfflineResult;
  scannedAt: string;
  gate: string;
}

/**
 * The bundle's answer corrected by this phone's own scans since the bundle was made: a ticket let in
 * here (offline, or online after the bundle was fetched) is already in, even before the scan is synced.
 */
export function withLocalScans(decision: OfflineDecision, scans: ScanMemory[]): OfflineDecision & { scannedHere?: boolean } {
  if (decision.result !== "ok" || !decision.ticketId) return decision;
  const here = scans
    .filter((s) => s.ticketId === decision.ticketId && (s.localResult === "ok" || s.serverResult === "ok"))
    .sort((a, b) => a.scannedAt.localeCompare(b.scannedAt))[0];
  return here ? { ...decision, result: "already_checked_in", checkedInAt: here.scannedAt, gate: here.gate, scannedHere: true } : decision;
}
